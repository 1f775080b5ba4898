import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.Collection

/**
 * Parameter checks and --help for the assocnet pipeline, driven by nextflow_schema.json (the one place
 * parameters are documented). Plain Groovy: no plugin can be downloaded where this runs.
 */
class AssocnetParams {
    /** Parameter name -> its schema entry (group title added as '_group'), in schema order. */
    static Map<String, Map> properties(Path schemaFile) {
        def schema = new JsonSlurper().parse(schemaFile.toFile())
        Map<String, Map> out = new LinkedHashMap<>()
        schema['$defs'].each { String group, Map def_ ->
            def_.properties.each { String name, Map p ->
                out[name] = new LinkedHashMap(p) + [_group: def_.title, _required: (def_.required ?: []).contains(name)]
            }
        }
        return out
    }

    /** The valid name closest to {@code name} (edit distance at most a third of its length), or null. */
    static String nearest(String name, Collection<String> valid) {
        String best = null
        int bestD = Integer.MAX_VALUE
        for (String v : valid) {
            int d = editDistance(name, v)
            if (d < bestD) { bestD = d; best = v }
        }
        return bestD <= Math.max(2, (int) (name.length() / 3)) ? best : null
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1]
        for (int j = 0; j <= b.length(); j++) prev[j] = j
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1)
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1))
            }
            int[] t = prev; prev = cur; cur = t
        }
        return prev[b.length()]
    }

    /** Returns [errors, warnings]; errors are one line each and name the parameter. */
    static List<List<String>> check(Map params, Path schemaFile, Path launchDir) {
        List<String> errors = []
        List<String> warnings = []
        def props = properties(schemaFile)
        // Nextflow also exposes --foo-bar as fooBar; only the names given by the user matter here. An unknown
        // name stops the run before any task: a misspelled option silently ignored gives a wrong analysis.
        params.each { k, v ->
            String key = k.toString()
            if (props.containsKey(key)) return
            String snake = key.replaceAll(/([A-Z])/, '_$1').toLowerCase().replace('-', '_')
            if (props.containsKey(snake)) return
            String near = nearest(snake, props.keySet().findAll { !props[it].hidden })
            errors << ("unknown parameter --${key}" + (near ? "; did you mean --${near}?" : '') + " (--help lists them all)").toString()
        }
        if (params.covar_names != null) {
            if (params.covar_name != null) errors << "--covar_names is the old spelling of --covar_name: give one of them"
            else warnings << "--covar_names is the old spelling of --covar_name (as the CLI's encode --covar-name); it still works"
        }
        props.each { String name, Map p ->
            def v = params[name]
            if (v == null || (v instanceof String && v.isEmpty() && p.type != 'string')) {
                if (p._required) errors << "--${name} is required: ${p.description}".toString()
                return
            }
            String t = p.type
            if (t == 'integer') {
                if (v instanceof String && v ==~ /-?\d+/) v = v as long
                if (!(v instanceof Integer || v instanceof Long || v instanceof BigInteger)) {
                    errors << "--${name} must be an integer, got '${v}'".toString(); return
                }
            } else if (t == 'number') {
                if (v instanceof String && v ==~ /-?[0-9.]+([eE]-?\d+)?/) v = v as BigDecimal
                if (!(v instanceof Number)) { errors << "--${name} must be a number, got '${v}'".toString(); return }
            } else if (t == 'boolean') {
                if (!(v instanceof Boolean)) { errors << "--${name} is a flag (true/false), got '${v}'".toString(); return }
            } else if (t == 'string') {
                if (v instanceof Boolean) { errors << "--${name} needs a value".toString(); return }
                v = v.toString()
            }
            if (p.enum && !(v in p.enum)) errors << "--${name} must be one of ${p.enum.join(', ')}; got '${v}'".toString()
            if (p.minimum != null && v instanceof Number && v < p.minimum) errors << "--${name} must be >= ${p.minimum}, got ${v}".toString()
            if (p.maximum != null && v instanceof Number && v > p.maximum) errors << "--${name} must be <= ${p.maximum}, got ${v}".toString()
            if (p.pattern && v instanceof String && !(v ==~ p.pattern)) errors << "--${name} '${v}' does not match ${p.pattern}".toString()
            if (p.format == 'file-path' && v instanceof String && !v.contains('://')) {
                Path f = launchDir.resolve(v)
                if (!Files.isRegularFile(f)) errors << "--${name}: file not found: ${v}".toString()
            }
        }
        int inputs = ['input', 'vcf', 'bed', 'bgen'].count { params[it] as boolean }
        if (inputs != 1) errors << "give exactly one of --input (samplesheet CSV), --vcf (VCF/BCF glob), --bed (PLINK .bed glob) or --bgen (BGEN glob)"
        if (params.skip_nn && params.any { k, v -> k in ['folds', 'hidden', 'epochs', 'draws', 'attribution_null', 'cond_window'] && v != null })
            warnings << "--skip_nn is set: --folds/--hidden/--epochs/--draws/--attribution_null/--cond_window are ignored"
        if ((params.model as boolean) != (params.model_inputs as boolean)) errors << "--model and --model_inputs go together (a Keras model and its input mapping)"
        if ((params.model_coding || params.training_samples) && !params.model) errors << "--model_coding and --training_samples need --model"
        if (params.model && params.skip_nn) errors << "--model is a network to attribute; it cannot be combined with --skip_nn"
        if (params.model && params.chunk_size != null && (params.chunk_size as long) != 0)
            errors << "--model: the network needs all its inputs in one chunk; set --chunk_size 0 (and give one VCF)"
        return [errors, warnings]
    }

    /**
     * Parses the samplesheet: header id plus vcf[,index] (VCF/BCF), bed (PLINK 1 .bed, .bim/.fam beside it)
     * and/or bgen[,sample]; each row fills exactly one of vcf, bed, bgen. Returns rows [id, format, files...]:
     * [id, 'vcf', vcf, index], [id, 'bed', bed, bim, fam] or [id, 'bgen', bgen, sample or ''], absolute paths;
     * throws IllegalArgumentException with file:line on bad input.
     */
    static List<List<String>> samplesheet(Path csv) {
        List<String> lines = csv.readLines().findAll { it.trim() && !it.startsWith('#') }
        if (!lines) throw new IllegalArgumentException("${csv}: empty samplesheet")
        List<String> header = lines[0].split(',', -1)*.trim()
        int iId = header.indexOf('id'), iVcf = header.indexOf('vcf'), iIdx = header.indexOf('index')
        int iBed = header.indexOf('bed'), iBgen = header.indexOf('bgen'), iSample = header.indexOf('sample')
        if (iId < 0 || (iVcf < 0 && iBed < 0 && iBgen < 0))
            throw new IllegalArgumentException("${csv}:1: header must have columns id,vcf[,index] or id,bed or id,bgen[,sample]; got ${lines[0]}")
        List<List<String>> rows = []
        Set<String> ids = new HashSet<>()
        lines.drop(1).eachWithIndex { String line, int i ->
            int lineNo = i + 2
            List<String> f = line.split(',', -1)*.trim()
            if (f.size() != header.size()) throw new IllegalArgumentException("${csv}:${lineNo}: expected ${header.size()} fields, found ${f.size()}")
            String id = f[iId]
            if (!(id ==~ /[A-Za-z0-9_.-]+/)) throw new IllegalArgumentException("${csv}:${lineNo}: field id: '${id}' must be letters, digits, '_', '.', '-'")
            if (!ids.add(id)) throw new IllegalArgumentException("${csv}:${lineNo}: field id: duplicate id '${id}'")
            List<String> given = [['vcf', iVcf], ['bed', iBed], ['bgen', iBgen]].findAll { it[1] >= 0 && f[it[1]] }.collect { it[0] }
            if (given.size() != 1)
                throw new IllegalArgumentException("${csv}:${lineNo}: fill exactly one of the fields ${[['vcf', iVcf], ['bed', iBed], ['bgen', iBgen]].findAll { it[1] >= 0 }.collect { it[0] }.join(', ')}")
            if (given[0] == 'bed') { rows << ([id] + bedFiles(csv.parent.resolve(f[iBed]), "${csv}:${lineNo}: field bed")); return }
            if (given[0] == 'bgen') {
                rows << ([id] + bgenFiles(csv.parent.resolve(f[iBgen]), iSample >= 0 && f[iSample] ? csv.parent.resolve(f[iSample]) : null,
                        "${csv}:${lineNo}: field bgen"))
                return
            }
            Path vcf = csv.parent.resolve(f[iVcf])
            if (!Files.isRegularFile(vcf)) throw new IllegalArgumentException("${csv}:${lineNo}: field vcf: file not found: ${f[iVcf]}")
            String idxField = iIdx >= 0 ? f[iIdx] : ''
            Path idx = idxField ? csv.parent.resolve(idxField) : indexOf(vcf)
            if (idx == null || !Files.isRegularFile(idx))
                throw new IllegalArgumentException("${csv}:${lineNo}: field index: no index for ${f[iVcf]} (make one with 'bcftools index' or 'tabix -p vcf')")
            rows << [id, 'vcf', vcf.toAbsolutePath().normalize().toString(), idx.toAbsolutePath().normalize().toString()]
        }
        if (!rows) throw new IllegalArgumentException("${csv}: no rows after the header")
        return rows
    }

    /** ['bed', bed, bim, fam] for a PLINK 1 fileset given as PREFIX.bed or PREFIX; throws naming {@code where}. */
    static List<String> bedFiles(Path bed, String where) {
        String p = bed.toAbsolutePath().normalize().toString().replaceAll(/\.bed$/, '')
        List<String> out = ['bed']
        for (String ext : ['.bed', '.bim', '.fam']) {
            Path f = Paths.get(p + ext)
            if (!Files.isRegularFile(f)) throw new IllegalArgumentException("${where}: file not found: ${f}")
            out << f.toString()
        }
        return out
    }

    /**
     * ['bgen', bgen, sample or ''] for a BGEN file; without an explicit .sample, PREFIX.sample beside the
     * file is used when it exists (the IDs stored in the BGEN otherwise).
     */
    static List<String> bgenFiles(Path bgen, Path sample, String where) {
        if (!Files.isRegularFile(bgen)) throw new IllegalArgumentException("${where}: file not found: ${bgen}")
        if (sample != null && !Files.isRegularFile(sample)) throw new IllegalArgumentException("${where}: sample file not found: ${sample}")
        if (sample == null) {
            Path beside = bgen.resolveSibling(bgen.fileName.toString().replaceAll(/\.bgen$/, '') + '.sample')
            if (Files.isRegularFile(beside)) sample = beside
        }
        return ['bgen', bgen.toAbsolutePath().normalize().toString(), sample == null ? '' : sample.toAbsolutePath().normalize().toString()]
    }

    /** VCF/BCF index beside the file (.tbi or .csi), or null. */
    static Path indexOf(Path vcf) {
        for (String ext : ['.tbi', '.csi']) {
            Path p = vcf.resolveSibling(vcf.fileName.toString() + ext)
            if (Files.isRegularFile(p)) return p
        }
        return null
    }

    /** A short id from a VCF file name: chr1.vcf.gz -> chr1. */
    static String idOf(Path vcf) {
        vcf.fileName.toString().replaceAll(/\.(vcf\.gz|vcf\.bgz|bcf|vcf|bed|bgen)$/, '').replaceAll(/[^A-Za-z0-9_.-]/, '_')
    }

    static String help(Path schemaFile, String version) {
        StringBuilder sb = new StringBuilder()
        sb << "assocnet pipeline ${version}\n\n"
        sb << "Usage: nextflow run main.nf -profile <standard|test|docker|podman|singularity|slurm>[,...] \\\n"
        sb << "         (--input samplesheet.csv | --vcf 'chr*.vcf.gz' | --bed 'chr*.bed' | --bgen 'chr*.bgen') --pheno pheno.tsv [--covar covar.tsv] [options]\n"
        sb << "The pipeline's parameters mirror the CLI's options ({assocnet STAGE --option} after each); one file may be both\n"
        sb << "--pheno and --covar (its phenotype column is then never a covariate). An unknown parameter stops the run.\n"
        String group = null
        properties(schemaFile).each { String name, Map p ->
            if (p.hidden) return
            if (p._group != group) { group = p._group; sb << "\n${group}:\n" }
            String dflt = p.containsKey('default') ? " [default: ${p.default}]" : ''
            String en = p.enum ? " (${p.enum.join('|')})" : ''
            String cli = p['x-cli'] && p['x-cli'] != '(pipeline only)' ? " {${p['x-cli']}}" : ''
            sb << String.format("  --%-22s %s%s%s%s%n", name, p.description, en, dflt, cli)
        }
        return sb.toString()
    }
}
