// assocnet glm: per-variant logistic regression (Firth fallback by default) on one cohort matrix.
process ASSOCNET_GLM {
    tag "$meta.id"
    label 'process_medium'

    input:
    tuple val(meta), path(cohort), path(samples), path(variants)

    output:
    tuple val(meta), path("${prefix}.glm.tsv")                                       , emit: glm
    tuple val(meta), path("${prefix}.glm.ssf.tsv"), path("${prefix}.glm.ssf.tsv-meta.yaml"), emit: ssf
    tuple val(meta), path("${prefix}.glm.json")                                      , emit: json
    path "versions.yml"                                                              , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: "${meta.id}"
    def cohortPrefix = AssocnetUtils.cohortPrefix(cohort)
    """
    ${AssocnetUtils.jvmEnv(task)}
    assocnet glm \\
        --cohort ${cohortPrefix} \\
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
    printf '#CHROM\\tPOS\\tID\\tREF\\tALT\\tA1\\tP\\n' > ${prefix}.glm.tsv
    touch ${prefix}.glm.ssf.tsv ${prefix}.glm.ssf.tsv-meta.yaml
    echo '{}' > ${prefix}.glm.json
    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        assocnet: \$(assocnet --version 2>/dev/null || echo stub)
    END_VERSIONS
    """
}
