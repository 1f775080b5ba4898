// assocnet train: K-fold cross-fitted network on one cohort matrix (one model per chunk in this pipeline).
process ASSOCNET_TRAIN {
    tag "$meta.id"
    label 'process_high'

    input:
    tuple val(meta), path(cohort), path(samples), path(variants)

    output:
    tuple val(meta), path("${prefix}.model", type: 'dir'), emit: model
    tuple val(meta), path("${prefix}.train.json")        , emit: json
    path "versions.yml"                                  , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: "${meta.id}"
    def cohortPrefix = AssocnetUtils.cohortPrefix(cohort)
    // the input matrix is checked against --max-memory (MB): a third of the task's memory by default
    def maxMem = task.memory && !args.contains('--max-memory') ? "--max-memory ${(long) (task.memory.toMega() / 3)}" : ''
    """
    ${AssocnetUtils.jvmEnv(task)}
    assocnet train \\
        --cohort ${cohortPrefix} \\
        --threads ${task.cpus} \\
        ${maxMem} \\
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
    mkdir -p ${prefix}.model
    touch ${prefix}.model/stub
    echo '{}' > ${prefix}.train.json
    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        assocnet: \$(assocnet --version 2>/dev/null || echo stub)
    END_VERSIONS
    """
}
