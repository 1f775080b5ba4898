// assocnet report: the final per-variant table (GLM and network side by side), plots, HTML, MultiQC files; with
// --epistasis the gathered pair scan (its .epistasis.json and .epistasis.tsv), and the network's *.nn.pairs.tsv
// when the attribute step wrote them (each [] when absent).
process ASSOCNET_REPORT {
    tag "$meta.id"
    label 'process_single'

    input:
    tuple val(meta), path(glm), path(nn, stageAs: 'nn/*'), path(merge_json, stageAs: 'merge/*'), path(train, stageAs: 'train/*'), path(encode, stageAs: 'encode/*'),
          path(epistasis, stageAs: 'epistasis/*'), path(nn_pairs, stageAs: 'nn_pairs/*')

    output:
    tuple val(meta), path("${prefix}.assoc.tsv")            , emit: assoc
    tuple val(meta), path("${prefix}.report.html")          , emit: html
    tuple val(meta), path("${prefix}.plots", type: 'dir')   , emit: plots
    tuple val(meta), path("${prefix}.summary.json")         , emit: summary
    tuple val(meta), path("${prefix}*_mqc.*")               , emit: multiqc, optional: true
    path "versions.yml"                                     , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: "${meta.id}"
    def epistasis_json = (epistasis instanceof List ? epistasis : [epistasis]).find { it && it.name.endsWith('.epistasis.json') }
    def opts = [nn: nn, 'merge-json': merge_json, train: train, encode: encode, epistasis: epistasis_json, 'nn-pairs': nn_pairs].collect { k, files ->
        (files instanceof List ? files : [files]).findAll { it }.collect { "--${k} ${it}" }.join(' ')
    }.findAll { it }.join(' \\\n        ')
    """
    ${AssocnetUtils.jvmEnv(task)}
    assocnet report \\
        --glm ${glm} \\
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
    """
    touch ${prefix}.assoc.tsv ${prefix}.report.html ${prefix}_mqc.json
    mkdir -p ${prefix}.plots
    touch ${prefix}.plots/manhattan.png
    echo '{}' > ${prefix}.summary.json
    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        assocnet: \$(assocnet --version 2>/dev/null || echo stub)
    END_VERSIONS
    """
}
