#!/usr/bin/env nextflow
/*
 * assocnet: GLM and neural-network association statistics for case/control GWAS.
 *   nextflow run main.nf -profile test            (small shipped cohort)
 *   nextflow run main.nf --input samplesheet.csv --pheno pheno.tsv --covar covar.tsv --chunk_size 20000
 * Parameters: nextflow_schema.json (or --help). Docs: docs/pipeline.md.
 */
nextflow.enable.dsl = 2

include { ASSOCNET } from './workflows/assocnet'

def schemaFile = file("${projectDir}/nextflow_schema.json")

if (params.help) {
    println AssocnetParams.help(schemaFile, workflow.manifest.version)
    System.exit(0)
}

def (errors, warnings) = AssocnetParams.check(params, schemaFile, workflow.launchDir)
warnings.each { log.warn it }
if (errors) {
    error("Invalid parameters:\n  - " + errors.join('\n  - ') + "\nRun with --help for the list of parameters.")
}

workflow {
    // one [id, format, files...] per input file (format: vcf, bed or bgen)
    def rows
    try {
        if (params.input) {
            rows = AssocnetParams.samplesheet(file(params.input, checkIfExists: true))
        } else if (params.bed || params.bgen) {
            def flag = params.bed ? '--bed' : '--bgen'
            def found = files(params.bed ?: params.bgen).sort { it.toString() }
            if (!found) error("${flag} '${params.bed ?: params.bgen}': no file matches")
            rows = found.collect { f ->
                [AssocnetParams.idOf(f)] + (params.bed ? AssocnetParams.bedFiles(f, "${flag} ${f}") : AssocnetParams.bgenFiles(f, null, "${flag} ${f}"))
            }
            def dup = rows.countBy { it[0] }.findAll { k, n -> n > 1 }
            if (dup) throw new IllegalArgumentException("${flag}: several files give the same id ${dup.keySet()}; use --input with explicit ids")
        } else {
            def vcfs = files(params.vcf).sort { it.toString() }
            if (!vcfs) error("--vcf '${params.vcf}': no file matches")
            rows = vcfs.collect { v ->
                def idx = AssocnetParams.indexOf(v)
                if (idx == null) throw new IllegalArgumentException("--vcf ${v}: no .tbi/.csi index beside it (make one with 'bcftools index' or 'tabix -p vcf')")
                [AssocnetParams.idOf(v), 'vcf', v.toString(), idx.toString()]
            }
            def dup = rows.countBy { it[0] }.findAll { k, n -> n > 1 }
            if (dup) throw new IllegalArgumentException("--vcf: several files give the same id ${dup.keySet()}; use --input with explicit ids")
        }
    } catch (IllegalArgumentException e) {
        error(e.message)
    }
    // [meta, genotype file(s), index or .sample or []]: vcf + index, [bed, bim, fam] + [], bgen + (sample or [])
    ch_vcf = Channel.fromList(rows.collect { r ->
        def (id, format) = r
        def meta = [id: id, vcf: id, format: format]
        if (format == 'bed') return [meta, r[2..4].collect { file(it) }, []]
        if (format == 'bgen') return [meta, file(r[2]), r[3] ? file(r[3]) : []]
        [meta, file(r[2]), file(r[3])]
    })

    ASSOCNET(
        ch_vcf,
        file(params.pheno, checkIfExists: true),
        params.covar ? file(params.covar, checkIfExists: true) : [],
    )
}

workflow.onComplete {
    if (workflow.success) {
        def outdir = workflow.launchDir.resolve(params.outdir.toString())
        def summary = outdir.resolve('report/assocnet.summary.json')
        def counts = AssocnetUtils.resultCounts(summary)
        AssocnetUtils.writeResultsIndex(outdir, counts, params.skip_nn as boolean)
        log.info "assocnet: done. ${counts.text}"
        log.info "assocnet: report ${outdir.resolve('report/assocnet.report.html')}; every published file is listed in ${outdir.resolve('README.md')}"
    } else {
        log.error "assocnet: failed (${workflow.errorMessage ?: 'see .nextflow.log'}); fix the cause and rerun with -resume to reuse finished tasks"
    }
}
