// assocnet epistasis --gather: all chunk pairs -> one genome-wide table sorted by P, one Bonferroni over all pairs.
// File lists arrive sorted so the task hash (and -resume) is stable.
process ASSOCNET_EPISTASIS_GATHER {
    tag "$meta.id"
    label 'process_single'

    input:
    tuple val(meta), path(tsv, stageAs: 'pairs/*'), path(json, stageAs: 'pairs/*')

    output:
    tuple val(meta), path("${prefix}.epistasis.tsv") , emit: tsv
    tuple val(meta), path("${prefix}.epistasis.json"), emit: json
    path "versions.yml"                              , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: "${meta.id}"
    def files = (tsv instanceof List ? tsv : [tsv]).collect { it.toString() }.join(" ")
    """
    ${AssocnetUtils.jvmEnv(task)}
    assocnet epistasis \\
        --gather ${files} \\
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
    printf '#CHROM1\\tPOS1\\tID1\\tCHROM2\\tPOS2\\tID2\\tSTAT\\tDF\\tP\\tBETA_INT\\tOR_INT\\tL95\\tU95\\tP_INT\\tP_GENO4\\tERRCODE\\n' > ${prefix}.epistasis.tsv
    echo '{}' > ${prefix}.epistasis.json
    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        assocnet: \$(assocnet --version 2>/dev/null || echo stub)
    END_VERSIONS
    """
}
