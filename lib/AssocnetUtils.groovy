// Helpers shared by the assocnet modules (Nextflow puts lib/ on the classpath of every script).
class AssocnetUtils {
    /**
     * Environment for bin/assocnet inside a task: Java heap about half of task.memory, DL4J off-heap
     * about a third (the rest is JVM overhead), so the task stays inside what the scheduler granted.
     */
    static String jvmEnv(task) {
        if (!task.memory) return ''
        long mb = task.memory.toMega()
        long heap = Math.max(256L, (long) (mb / 2))
        long off = Math.max(256L, (long) (mb / 3))
        return "export ASSOCNET_HEAP=${heap}m ASSOCNET_OFFHEAP=${off}m"
    }

    /** The PREFIX that `assocnet ... --cohort PREFIX` takes, from the staged PREFIX.cohort.bin. */
    static String cohortPrefix(cohort) {
        return cohort.name.replaceAll(/\.cohort\.bin$/, '')
    }

    /** Counts for the end-of-run message from the report's summary JSON ([text: ...]; empty text if absent). */
    static Map resultCounts(java.nio.file.Path summary) {
        if (!java.nio.file.Files.isRegularFile(summary)) return [text: '']
        def s = new groovy.json.JsonSlurper().parse(summary.toFile())
        def fmt = { v -> v == null ? 'NA' : v.toString() }
        String text = "${fmt(s.variants?.in_report)} variants, ${fmt(s.cohort?.samples)} samples " +
            "(${fmt(s.cohort?.cases)} cases); GLM: ${fmt(s.glm?.get('p_below_5e-8'))} at P < 5e-8, " +
            "${fmt(s.glm?.q_below_fdr)} at BH q <= ${fmt(s.fdr)}"
        if (s.nn) text += "; network: ${fmt(s.nn.get('p_below_5e-8'))} at P < 5e-8, ${fmt(s.nn.q_below_fdr)} at BH q <= ${fmt(s.fdr)}; both: ${fmt(s.agreement?.both)}"
        return [text: text]
    }

    /** OUTDIR/README.md: every published file, what it holds and which stage wrote it. */
    static void writeResultsIndex(java.nio.file.Path outdir, Map counts, boolean skipNn) {
        def rows = [
            ['assocnet.glm.tsv', 'merge', 'genome-wide GLM table, PLINK 2 columns (docs/FORMATS.md)'],
            ['assocnet.glm.ssf.tsv (+ -meta.yaml)', 'merge', 'the same in GWAS-SSF for the GWAS Catalog'],
            ['assocnet.nn.tsv', 'merge', 'genome-wide network table: NN_OR with CI, ADD_P, CONTRIB_P, P, IMPORTANCE, risks'],
            ['assocnet.merge.json', 'merge', 'counts, lambdas and per-chunk training metrics'],
            ['report/assocnet.report.html', 'report', 'the self-contained report: start here'],
            ['report/assocnet.assoc.tsv(.gz)', 'report', 'GLM and network side by side with AGREEMENT and PATTERN per variant'],
            ['report/assocnet.summary.json', 'report', 'every number the report shows'],
            ['report/assocnet.plots/', 'report', 'Manhattan, QQ, effect scatter, risk panels, training curves (SVG + PNG)'],
            ['report/*_mqc.*', 'report', 'MultiQC custom content'],
            ['chunks/<input>/<chunk>.encode.json', 'encode', 'QC counts of each chunk (variants and samples dropped, by reason)'],
            ['chunks/<input>/<chunk>.{glm.tsv,glm.json}', 'glm', 'per-chunk GLM tables and summaries'],
            ['chunks/<input>/<chunk>.train.json', 'train', 'per-chunk held-out AUC, log-loss, calibration, training curves'],
            ['chunks/<input>/<chunk>.{nn.tsv,nn.json}', 'attribute', 'per-chunk network tables and summaries'],
            ['chunks/<input>/<chunk>.regions.tsv', 'chunks', 'the regions each chunk covers'],
            ['models/<chunk>.model/', 'train', 'the cross-fitted networks (reusable with assocnet attribute)'],
            ['pipeline_info/', 'Nextflow', 'software versions, trace, timeline, execution report'],
        ]
        if (skipNn) rows = rows.findAll { !(it[1] in ['train', 'attribute']) && !it[0].contains('.nn.') }
        StringBuilder sb = new StringBuilder('# assocnet results\n\n')
        if (counts.text) sb << counts.text << '\n\n'
        sb << '| file | written by | holds |\n|---|---|---|\n'
        rows.each { sb << "| `${it[0]}` | ${it[1]} | ${it[2]} |\n" }
        sb << '\nColumns and JSON keys: docs/FORMATS.md and each stage\'s page in docs/ of the assocnet repository.\n'
        java.nio.file.Files.createDirectories(outdir)
        outdir.resolve('README.md').text = sb.toString()
    }
}
