// Lists the variant positions of one indexed VCF/BCF and cuts them into regions of about
// `chunk_size` variants. A region never splits a position (all records at one CHROM:POS stay in the
// same chunk) and never spans two chromosomes. Output: one line per chunk, "INDEX<TAB>CHR:START-END<TAB>N".
// PLINK 1 (meta.format 'bed') and BGEN ('bgen') inputs are cut into ranges of `chunk_size` variants in
// file order instead ("INDEX<TAB>FIRST-LAST<TAB>N", for encode --variant-range): the count comes from
// the .bim's lines or the BGEN header (bytes 8-11), and encode seeks to each range without an index.
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
    if (meta.format == 'bed' || meta.format == 'bgen') {
        def files = [vcf].flatten()
        def count = meta.format == 'bed'
            ? "wc -l < ${files.find { it.name.endsWith('.bim') }}"
            : "od -An -tu4 -j8 -N4 ${files[0]}"
        """
        n=\$(${count} | tr -d ' ')
        awk -v n="\$n" -v size=${chunk_size} 'BEGIN { OFS = "\\t"; k = 0
            for (s = 1; s <= n; s += size) { e = s + size - 1; if (e > n) e = n; k++; printf "%d\\t%d-%d\\t%d\\n", k, s, e, e - s + 1 } }' \
            > ${prefix}.regions.tsv.tmp
        mv ${prefix}.regions.tsv.tmp ${prefix}.regions.tsv

        cat <<-END_VERSIONS > versions.yml
        "${task.process}":
            coreutils: \$(od --version 2>&1 | head -n1 | sed 's/^.* //')
        END_VERSIONS
        """
    } else
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
