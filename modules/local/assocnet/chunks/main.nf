// Lists the variant positions of one indexed VCF/BCF and cuts them into regions of about
// `chunk_size` variants. A region never splits a position (all records at one CHROM:POS stay in the
// same chunk) and never spans two chromosomes. Output: one line per chunk, "INDEX<TAB>CHR:START-END<TAB>N".
process ASSOCNET_CHUNKS {
    tag "$meta.id"
    label 'process_single'

    input:
    tuple val(meta), path(vcf), path(index)
    val chunk_size

    output:
    tuple val(meta), path(vcf), path(index), path("${prefix}.regions.tsv"), emit: regions
    path "versions.yml"                                                   , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    prefix = task.ext.prefix ?: "${meta.id}"
    """
    bcftools query -f '%CHROM\\t%POS\\n' ${vcf} \\
    | awk -v size=${chunk_size} 'BEGIN { OFS = "\\t"; k = 0; n = 0 }
        function flush() { if (n > 0) { k++; printf "%d\\t%s:%d-%d\\t%d\\n", k, chr, start, last, n } }
        {
            if (n == 0) { chr = \$1; start = \$2; last = \$2; n = 1; next }
            if (\$1 == chr && \$2 < last) { print "unsorted VCF at " \$1 ":" \$2 > "/dev/stderr"; exit 3 }
            if (\$1 != chr || (n >= size && \$2 != last)) { flush(); chr = \$1; start = \$2; last = \$2; n = 1; next }
            last = \$2; n++
        }
        END { flush() }' > ${prefix}.regions.tsv.tmp
    mv ${prefix}.regions.tsv.tmp ${prefix}.regions.tsv

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        bcftools: \$(bcftools --version 2>&1 | head -n1 | sed 's/^bcftools //')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}"
    """
    printf '1\\t1:1-1000\\t10\\n2\\t1:1001-2000\\t10\\n' > ${prefix}.regions.tsv
    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        bcftools: stub
    END_VERSIONS
    """
}
