// assocnet encode: one VCF/BCF, PLINK 1 fileset or BGEN file (optionally one region / variant range of it)
// + phenotypes (+ covariates) -> cohort matrix.
// QC and encoding options come from task.ext.args (conf/modules.config builds them from params).
process ASSOCNET_ENCODE {
    tag "$meta.id"
    label 'process_medium'

    input:
    tuple val(meta), path(vcf), path(index)
    path pheno
    path covar, stageAs: 'covar/*'   // may be the phenotype file itself (--pheno f --covar f)

    output:
    tuple val(meta), path("${prefix}.cohort.bin"), path("${prefix}.samples.tsv"), path("${prefix}.variants.tsv"), emit: cohort
    tuple val(meta), path("${prefix}.encode.json")                                                                , emit: json
    path "versions.yml"                                                                                           , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args   = task.ext.args ?: ''
    prefix     = task.ext.prefix ?: "${meta.id}"
    def region = meta.region ? "--region ${meta.region} --region-match start" : ''
    if (meta.variant_range) region = "--variant-range ${meta.variant_range}"
    def cov    = covar ? "--covar ${covar}" : ''
    def files  = [vcf].flatten()
    def geno   = meta.format == 'bed' ? "--bed ${files.find { it.name.endsWith('.bed') }}"
               : meta.format == 'bgen' ? "--bgen ${files[0]}" + (index ? " --sample ${index}" : '')
               : "--vcf ${vcf}"
    """
    ${AssocnetUtils.jvmEnv(task)}
    assocnet encode \\
        ${geno} \\
        ${region} \\
        --pheno ${pheno} \\
        ${cov} \\
        ${args} \\
        --out ${prefix}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        assocnet: \$(assocnet --version 2>&1 | tail -n1)
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}"
    """
    touch ${prefix}.cohort.bin ${prefix}.samples.tsv ${prefix}.variants.tsv
    echo '{}' > ${prefix}.encode.json
    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        assocnet: \$(assocnet --version 2>/dev/null || echo stub)
    END_VERSIONS
    """
}
