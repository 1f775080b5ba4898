// assocnet epistasis: every variant pair within one chunk (cohort_b empty) or across two chunks (cohort_b given).
process ASSOCNET_EPISTASIS {
    tag "$meta.id"
    label 'process_medium'

    input:
    tuple val(meta), path(cohort, stageAs: 'a/*'), path(cohort_b, stageAs: 'b/*')

    output:
    tuple val(meta), path("${prefix}.epistasis.tsv") , emit: tsv
    tuple val(meta), path("${prefix}.epistasis.json"), emit: json
    path "versions.yml"                              , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: "${meta.id}"
    def binA = (cohort instanceof List ? cohort : [cohort]).find { it.name.endsWith('.cohort.bin') }
    def binB = (cohort_b instanceof List ? cohort_b : [cohort_b]).find { it && it.name.endsWith('.cohort.bin') }
    // staged as a/NAME and b/NAME (stageAs keeps the two chunks apart)
    def optB = binB ? "--cohort-b ${AssocnetUtils.cohortPrefix(binB)}" : ''
    """
    ${AssocnetUtils.jvmEnv(task)}
    assocnet epistasis \\
        --cohort ${AssocnetUtils.cohortPrefix(binA)} \\
        ${optB} \\
        --threads ${task.cpus} \\
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
