// assocnet attribute: per-variant effect sizes, CIs and p-values from the cross-fitted network (or a Keras model
// trained elsewhere, pipeline --model).
process ASSOCNET_ATTRIBUTE {
    tag "$meta.id"
    label 'process_medium'

    input:
    tuple val(meta), path(cohort), path(samples), path(variants), path(model)
    path keras_inputs      // INPUTS.txt when model is a Keras .h5 file (pipeline --model), else []
    path training_samples  // optional with a Keras model, else []

    output:
    tuple val(meta), path("${prefix}.nn.tsv") , emit: nn
    tuple val(meta), path("${prefix}.nn.json"), emit: json
    tuple val(meta), path("${prefix}.nn.pairs.tsv"), optional: true, emit: pairs // wide network: the pair tests
    path "versions.yml"                       , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix   = task.ext.prefix ?: "${meta.id}"
    def cohortPrefix = AssocnetUtils.cohortPrefix(cohort)
    def source = keras_inputs ? "--keras ${model} --keras-inputs ${keras_inputs}" + (training_samples ? " --training-samples ${training_samples}" : '')
                              : "--model ${model}"
    """
    ${AssocnetUtils.jvmEnv(task)}
    assocnet attribute \\
        --cohort ${cohortPrefix} \\
        ${source} \\
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
    printf '#CHROM\\tPOS\\tID\\tREF\\tALT\\tA1\\tP\\n' > ${prefix}.nn.tsv
    echo '{}' > ${prefix}.nn.json
    # the optional pair table (header only), so that the stub run carries it to the report
    printf '#CHROM1\tPOS1\tID1\tCHROM2\tPOS2\tID2\tPAIR_Z\tPAIR_P\tFOLDS\tRISK_00\tRISK_01\tRISK_02\tRISK_10\tRISK_11\tRISK_12\tRISK_20\tRISK_21\tRISK_22\tN_00\tN_01\tN_02\tN_10\tN_11\tN_12\tN_20\tN_21\tN_22\n' > ${prefix}.nn.pairs.tsv
    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        assocnet: \$(assocnet --version 2>/dev/null || echo stub)
    END_VERSIONS
    """
}
