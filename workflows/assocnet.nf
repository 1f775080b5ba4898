/*
 * The assocnet pipeline: scatter each VCF into region chunks -> encode -> glm (+ train -> attribute)
 * per chunk -> merge (genome-wide q-values, lambda) -> report.
 *
 * The network is trained per chunk: every chunk gets its own cross-fitted model, so the network sees
 * interactions only between variants of the same chunk (epistasis across chunks is invisible to it).
 * With --chunk_size 0 a chunk is a whole input file, e.g. one chromosome. PLINK 1 and BGEN inputs are
 * cut into ranges of variants in file order (encode --variant-range) instead of position regions.
 * --epistasis adds the exhaustive pair scan over all chunk pairs (i <= j) and a genome-wide gather.
 */
include { ASSOCNET_CHUNKS    } from '../modules/local/assocnet/chunks/main'
include { ASSOCNET_ENCODE    } from '../modules/local/assocnet/encode/main'
include { ASSOCNET_GLM       } from '../modules/local/assocnet/glm/main'
include { ASSOCNET_EPISTASIS } from '../modules/local/assocnet/epistasis/main'
include { ASSOCNET_EPISTASIS_GATHER } from '../modules/local/assocnet/epistasis_gather/main'
include { ASSOCNET_TRAIN     } from '../modules/local/assocnet/train/main'
include { ASSOCNET_ATTRIBUTE } from '../modules/local/assocnet/attribute/main'
include { ASSOCNET_MERGE     } from '../modules/local/assocnet/merge/main'
include { ASSOCNET_REPORT    } from '../modules/local/assocnet/report/main'

workflow ASSOCNET {
    take:
    ch_vcf     // [ meta(id, vcf, format), vcf | [bed, bim, fam] | bgen, index | [] | sample or [] ]
    pheno      // path
    covar      // path or []

    main:
    ch_versions = Channel.empty()

    // ---- scatter: region chunks of --chunk_size variants (0 = the whole file) ----
    if (params.chunk_size > 0) {
        ASSOCNET_CHUNKS(ch_vcf, params.chunk_size)
        ch_versions = ch_versions.mix(ASSOCNET_CHUNKS.out.versions.first())
        ch_chunks = ASSOCNET_CHUNKS.out.regions.flatMap { meta, vcf, index, regions ->
            def lines = regions.readLines().findAll { it.trim() }
            if (!lines) log.warn "${meta.id}: no variants; skipped"
            int width = Math.max(4, lines.size().toString().length())
            lines.collect { line ->
                def (k, region, n) = line.split('\t')
                def part = meta.format in ['bed', 'bgen'] ? [variant_range: region] : [region: region]
                [meta + [id: "${meta.id}.${k.padLeft(width, '0')}", n_variants: n as int, n_chunks: lines.size()] + part, vcf, index]
            }
        }
    } else {
        ch_chunks = ch_vcf.map { meta, vcf, index -> [meta + [region: null, n_chunks: 1], vcf, index] }
    }

    // ---- per chunk ----
    ASSOCNET_ENCODE(ch_chunks, pheno, covar)
    ch_versions = ch_versions.mix(ASSOCNET_ENCODE.out.versions.first())

    ASSOCNET_GLM(ASSOCNET_ENCODE.out.cohort)
    ch_versions = ch_versions.mix(ASSOCNET_GLM.out.versions.first())

    // ---- all variant pairs: one task per chunk pair i <= j, then one genome-wide ranking ----
    if (params.epistasis) {
        ch_epi_pairs = ASSOCNET_ENCODE.out.cohort
            .map { meta, bin, samples, variants -> [meta, [bin, samples, variants]] }
            .toSortedList { a, b -> a[0].id <=> b[0].id }
            .flatMap { chunks ->
                def pairs = []
                for (int i = 0; i < chunks.size(); i++) {
                    for (int j = i; j < chunks.size(); j++) {
                        def (ma, fa) = chunks[i]
                        def (mb, fb) = chunks[j]
                        pairs << [[id: i == j ? "${ma.id}" : "${ma.id}__${mb.id}", chunk_a: ma.id, chunk_b: mb.id], fa, i == j ? [] : fb]
                    }
                }
                pairs
            }
        ASSOCNET_EPISTASIS(ch_epi_pairs)
        ch_versions = ch_versions.mix(ASSOCNET_EPISTASIS.out.versions.first())
        ch_epi_tsv  = ASSOCNET_EPISTASIS.out.tsv.map { it[1] }.toSortedList { a, b -> a.name <=> b.name }
        ch_epi_json = ASSOCNET_EPISTASIS.out.json.map { it[1] }.toSortedList { a, b -> a.name <=> b.name }
        ASSOCNET_EPISTASIS_GATHER(ch_epi_tsv.map { [it] }.combine(ch_epi_json.map { [it] }).map { t, j -> [[id: 'assocnet'], t, j] })
        ch_versions = ch_versions.mix(ASSOCNET_EPISTASIS_GATHER.out.versions)
        ch_epistasis = ASSOCNET_EPISTASIS_GATHER.out.tsv.join(ASSOCNET_EPISTASIS_GATHER.out.json).map { meta, tsv, json -> [tsv, json] }
    } else {
        ch_epistasis = Channel.value([])
    }

    if (!params.skip_nn && params.model) {
        // a network trained elsewhere (Keras 2 HDF5, --model): no TRAIN; attribute --keras on the chunk, which must hold
        // every model input (AssocnetParams: --chunk_size 0, one VCF)
        ch_model = Channel.value(file(params.model, checkIfExists: true))
        ASSOCNET_ATTRIBUTE(ASSOCNET_ENCODE.out.cohort.combine(ch_model), file(params.model_inputs, checkIfExists: true),
            params.training_samples ? file(params.training_samples, checkIfExists: true) : [])
        ch_versions = ch_versions.mix(ASSOCNET_ATTRIBUTE.out.versions.first())
        ch_nn    = ASSOCNET_ATTRIBUTE.out.nn.map { it[1] }.toSortedList { a, b -> a.name <=> b.name }
        ch_train = Channel.value([])
    } else if (!params.skip_nn) {
        ASSOCNET_TRAIN(ASSOCNET_ENCODE.out.cohort)
        ch_versions = ch_versions.mix(ASSOCNET_TRAIN.out.versions.first())
        ASSOCNET_ATTRIBUTE(ASSOCNET_ENCODE.out.cohort.join(ASSOCNET_TRAIN.out.model, failOnMismatch: true, failOnDuplicate: true), [], [])
        ch_versions = ch_versions.mix(ASSOCNET_ATTRIBUTE.out.versions.first())
        ch_nn    = ASSOCNET_ATTRIBUTE.out.nn.map { it[1] }.toSortedList { a, b -> a.name <=> b.name }
        ch_train = ASSOCNET_TRAIN.out.json.map { it[1] }.toSortedList { a, b -> a.name <=> b.name }
    } else {
        ch_nn    = Channel.value([])
        ch_train = Channel.value([])
    }
    // the network's pair tests (PREFIX.nn.pairs.tsv), where the attribute step writes them: an empty list otherwise
    ch_nn_pairs = params.skip_nn ? Channel.value([]) : ASSOCNET_ATTRIBUTE.out.pairs.map { it[1] }.toSortedList { a, b -> a.name <=> b.name }

    // ---- gather: sorted file lists make the merge task's hash (and so -resume) stable ----
    ch_glm    = ASSOCNET_GLM.out.glm.map { it[1] }.toSortedList { a, b -> a.name <=> b.name }
    ch_encode = ASSOCNET_ENCODE.out.json.map { it[1] }.toSortedList { a, b -> a.name <=> b.name }
    ch_merge_in = ch_glm.map { [it] }
        .combine(ch_nn.map { [it] })
        .combine(ch_train.map { [it] })
        .combine(ch_encode.map { [it] })
        .map { glm, nn, train, enc -> [[id: 'assocnet'], glm, nn, train, enc] }
    ASSOCNET_MERGE(ch_merge_in)
    ch_versions = ch_versions.mix(ASSOCNET_MERGE.out.versions)

    ch_merged_nn = params.skip_nn ? ASSOCNET_MERGE.out.glm.map { meta, f -> [meta, []] } : ASSOCNET_MERGE.out.nn
    ch_report_in = ASSOCNET_MERGE.out.glm
        .join(ch_merged_nn)
        .join(ASSOCNET_MERGE.out.json)
        .combine(ch_train.map { [it] })
        .combine(ch_encode.map { [it] })
        .combine(ch_epistasis.map { [it] })
        .combine(ch_nn_pairs.map { [it] })
    ASSOCNET_REPORT(ch_report_in)
    ch_versions = ch_versions.mix(ASSOCNET_REPORT.out.versions)

    // ---- software versions, one YAML for the whole run ----
    ch_versions
        .unique()
        .collectFile(name: 'software_versions.yml', storeDir: "${params.outdir}/pipeline_info", sort: true, newLine: true)

    emit:
    glm     = ASSOCNET_MERGE.out.glm
    nn      = ASSOCNET_MERGE.out.nn
    assoc   = ASSOCNET_REPORT.out.assoc
    html    = ASSOCNET_REPORT.out.html
}
