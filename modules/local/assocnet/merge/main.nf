// assocnet merge: gathers the chunk results (sorted by chrom/pos), recomputes Q_BH / NN_Q genome-wide
// and the genomic-control lambda. File lists arrive sorted so the task hash (and -resume) is stable.
process ASSOCNET_MERGE {
    tag "$meta.id"
    label 'process_single'

    input:
    tuple val(meta), path(glm, stageAs: 'glm/*'), path(nn, stageAs: 'nn/*'), path(train, stageAs: 'train/*'), path(encode, stageAs: 'encode/*')

    output:
    tuple val(meta), path("${prefix}.glm.tsv")                                         , emit: glm
    tuple val(meta), path("${prefix}.glm.ssf.tsv"), path("${prefix}.glm.ssf.tsv-meta.yaml"), emit: ssf, optional: true // the report does not need it; tests/pipeline/check-results.sh insists on it
    tuple val(meta), path("${prefix}.nn.tsv")                                          , emit: nn, optional: true
    tuple val(meta), path("${prefix}.merge.json")                                      , emit: json
    path "versions.yml"                                                                , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: "${meta.id}"
    def opts = [glm: glm, nn: nn, train: train, encode: encode].collect { k, files ->
        (files instanceof List ? files : [files]).findAll { it }.collect { "--${k} ${it}" }.join(' ')
    }.findAll { it }.join(' \\\n        ')
    """
    ${AssocnetUtils.jvmEnv(task)}
    assocnet merge \\
        ${opts} \\
        ${args} \\
        --out ${prefix}

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        assocnet: \$(assocnet --version 2>&1 | tail -n1)
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}"
    def withNn = nn instanceof List ? !nn.isEmpty() : nn
    """
    printf '#CHROM\\tPOS\\tID\\tREF\\tALT\\tA1\\tP\\tQ_BH\\n' > ${prefix}.glm.tsv
    touch ${prefix}.glm.ssf.tsv ${prefix}.glm.ssf.tsv-meta.yaml
    ${withNn ? "printf '#CHROM\\\\tPOS\\\\tID\\\\tP\\\\tNN_Q\\\\n' > ${prefix}.nn.tsv" : ''}
    echo '{}' > ${prefix}.merge.json
    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        assocnet: \$(assocnet --version 2>/dev/null || echo stub)
    END_VERSIONS
    """
}
