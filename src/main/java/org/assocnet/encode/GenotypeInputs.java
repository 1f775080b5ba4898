package org.assocnet.encode;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assocnet.core.UserException;
import org.assocnet.genotype.BedFile;
import org.assocnet.genotype.BgenFile;
import org.assocnet.genotype.GenotypeFile;
import org.assocnet.genotype.VcfFile;

/** The genotype inputs of encode: VCF/BCF, PLINK 1 filesets or BGEN files, one format per run. */
final class GenotypeInputs {
    private GenotypeInputs() {}

    static void validate(EncodeOptions o) {
        int formats = (o.vcfs().isEmpty() ? 0 : 1) + (o.beds().isEmpty() ? 0 : 1) + (o.bgens().isEmpty() ? 0 : 1);
        if (formats == 0) throw new UserException("genotypes are required: --vcf, --bed or --bgen");
        if (formats > 1) throw new UserException("give genotypes in one format per run: --vcf, --bed or --bgen (each repeatable)");
        if (o.dosageField() != null && o.vcfs().isEmpty()) {
            throw new UserException("--dosage names a VCF FORMAT field; BGEN dosages are read without it, a .bed has none");
        }
        java.util.Set<Path> seen = new java.util.HashSet<>();
        List<Path> given = new ArrayList<>(o.vcfs());
        for (String b : o.beds()) given.add(Path.of(b));
        given.addAll(o.bgens());
        for (Path p : given) {
            Path real = p.toAbsolutePath().normalize();
            try {
                real = p.toRealPath();
            } catch (IOException e) {
                // a missing file is reported when it is opened
            }
            if (!seen.add(real)) throw new UserException(p + " is given twice as genotypes: every variant would be encoded twice");
        }
        if (o.bgenSample() != null && o.bgens().isEmpty()) throw new UserException("--sample goes with --bgen");
        if (o.hardCalls() && o.bgens().isEmpty()) throw new UserException("--hard-calls goes with --bgen");
        if (o.bgenRefLast() && o.bgens().isEmpty()) throw new UserException("--bgen-ref goes with --bgen");
        if (o.variantRange() != null) {
            if (o.beds().size() + o.bgens().size() != 1) {
                throw new UserException("--variant-range needs exactly one --bed or --bgen input (VCF chunks use --region)");
            }
            if (!o.regions().isEmpty() || o.regionsFile() != null) throw new UserException("--variant-range and --region exclude each other");
            variantRange(o);
        }
    }

    /** {first, last} of --variant-range, {0, 0} without it. */
    static long[] variantRange(EncodeOptions o) {
        return o.variantRange() == null ? new long[] {0, 0} : GenotypeFile.parseVariantRange(o.variantRange());
    }

    static List<GenotypeFile> open(EncodeOptions o) throws IOException {
        List<GenotypeFile> files = new ArrayList<>();
        for (Path p : o.vcfs()) files.add(VcfFile.open(p));
        for (String p : o.beds()) files.add(BedFile.open(p, o.bedCount()));
        for (Path p : o.bgens()) files.add(BgenFile.open(p, o.bgenSample(), o.hardCalls(), !o.bgenRefLast()));
        return files;
    }

    /** Adds the non-VCF inputs to encode.json's parameters. */
    static void describe(EncodeOptions o, List<GenotypeFile> files, ObjectNode p) {
        ArrayNode b = p.putArray("bed");
        o.beds().forEach(b::add);
        p.put("bed_count", o.bedCount().name());
        ArrayNode g = p.putArray("bgen");
        o.bgens().forEach(x -> g.add(x.toString()));
        p.put("sample", o.bgenSample() == null ? null : o.bgenSample().toString());
        p.put("hard_calls", o.hardCalls());
        p.put("bgen_ref", o.bgenRefLast() ? "last" : "first");
        p.put("variant_range", o.variantRange());
        ArrayNode f = p.putArray("input_formats");
        files.forEach(x -> f.add(x.format()));
    }
}
