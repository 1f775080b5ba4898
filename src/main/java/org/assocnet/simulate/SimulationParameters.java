package org.assocnet.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.assocnet.core.UserException;
import org.assocnet.io.Json;

/** Every knob of {@code assocnet simulate}; defaults match the CLI. Validated by {@link #validate()}. */
public final class SimulationParameters {
    public int samples = 1000;
    public int variants = 1000;
    public long seed = 1;
    public int chromosomes = 2;
    public Path donor;
    public int additive = 5;
    public int dominant = 0;
    public int recessive = 0;
    public int epistaticPairs = 0;
    public double effectMin = 0.18;
    public double effectMax = 0.35;
    public double epistaticMin = 0.6;
    public double epistaticMax = 1.0;
    public double causalFreqMin = 0.05;
    public double causalFreqMax = 0.5;
    public int covariates = 2;
    public int siteLevels = 3;
    public double covariateEffect = 0.3;
    public double missingRate = 0.01;
    public double prevalence = 0.5;
    public boolean dosages;
    public double dosageNoise = 0.1;
    public double multiallelicRate = 0.0;
    public int blockSize = 20;
    public int founders = 8;
    public double switchRate = 0.02;
    public double rareFraction = 0.25;
    /** Distance between neighbouring variants in the built-in generator (bp). */
    public int spacing = 1000;
    /** BGZF (deflate) level of the VCF: 1 fastest, 9 smallest. */
    public int compressionLevel = 5;

    public int causalCount() {
        return additive + dominant + recessive + 2 * epistaticPairs;
    }

    public void validate() {
        positive("--samples", samples);
        positive("--variants", variants);
        if (samples < 2) throw new UserException("--samples must be at least 2, got " + samples);
        if (chromosomes < 1 || chromosomes > 22) throw new UserException("--chromosomes must be in 1..22, got " + chromosomes);
        if (donor == null && variants < chromosomes)
            throw new UserException("--variants (" + variants + ") must be at least --chromosomes (" + chromosomes + ")");
        nonNegative("--additive", additive);
        nonNegative("--dominant", dominant);
        nonNegative("--recessive", recessive);
        nonNegative("--epistatic-pairs", epistaticPairs);
        nonNegative("--covariates", covariates);
        if (siteLevels == 1 || siteLevels < 0 || siteLevels > 26)
            throw new UserException("--site-levels must be 0 (no categorical covariate) or 2..26, got " + siteLevels);
        range("--effect-min", effectMin, 0, 10);
        range("--effect-max", effectMax, 0, 10);
        if (effectMin > effectMax) throw new UserException("--effect-min (" + effectMin + ") is larger than --effect-max (" + effectMax + ")");
        range("--epistatic-min", epistaticMin, 0, 10);
        range("--epistatic-max", epistaticMax, 0, 10);
        if (epistaticMin > epistaticMax)
            throw new UserException("--epistatic-min (" + epistaticMin + ") is larger than --epistatic-max (" + epistaticMax + ")");
        openRange("--causal-freq-min", causalFreqMin);
        openRange("--causal-freq-max", causalFreqMax);
        if (causalFreqMin > causalFreqMax)
            throw new UserException("--causal-freq-min (" + causalFreqMin + ") is larger than --causal-freq-max (" + causalFreqMax + ")");
        range("--covariate-effect", covariateEffect, 0, 10);
        if (!(missingRate >= 0 && missingRate < 1)) throw new UserException("--missing-rate must be in [0, 1), got " + missingRate);
        openRange("--prevalence", prevalence);
        range("--dosage-noise", dosageNoise, 0, 1);
        range("--multiallelic-rate", multiallelicRate, 0, 1);
        if (blockSize < 1) throw new UserException("--block-size must be at least 1, got " + blockSize);
        if (founders < 2 || founders > 64) throw new UserException("--founders must be in 2..64, got " + founders);
        range("--switch-rate", switchRate, 0, 1);
        range("--rare-fraction", rareFraction, 0, 1);
        if (spacing < 1 || spacing > 1_000_000) throw new UserException("--spacing must be in 1..1000000, got " + spacing);
        if ((long) spacing * (variants / chromosomes + 2) > 500_000_000L)
            throw new UserException("--variants x --spacing does not fit in a chromosome; lower --spacing");
        if (compressionLevel < 0 || compressionLevel > 9) throw new UserException("--compression-level must be in 0..9, got " + compressionLevel);
        if (causalCount() > variants)
            throw new UserException("asked for " + causalCount() + " causal variants but only " + variants + " variants");
    }

    private static void positive(String name, long v) {
        if (v <= 0) throw new UserException(name + " must be positive, got " + v);
    }

    private static void nonNegative(String name, long v) {
        if (v < 0) throw new UserException(name + " must not be negative, got " + v);
    }

    private static void range(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) throw new UserException(name + " must be in [" + lo + ", " + hi + "], got " + v);
    }

    private static void openRange(String name, double v) {
        if (!(v > 0 && v < 1)) throw new UserException(name + " must be in (0, 1), got " + v);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("samples", samples);
        o.put("variants", variants);
        o.put("seed", seed);
        o.put("chromosomes", chromosomes);
        o.put("donor", donor == null ? null : donor.toString());
        o.put("additive", additive);
        o.put("dominant", dominant);
        o.put("recessive", recessive);
        o.put("epistatic_pairs", epistaticPairs);
        o.put("effect_min", effectMin);
        o.put("effect_max", effectMax);
        o.put("epistatic_min", epistaticMin);
        o.put("epistatic_max", epistaticMax);
        o.put("causal_freq_min", causalFreqMin);
        o.put("causal_freq_max", causalFreqMax);
        o.put("covariates", covariates);
        o.put("site_levels", siteLevels);
        o.put("covariate_effect", covariateEffect);
        o.put("missing_rate", missingRate);
        o.put("prevalence", prevalence);
        o.put("dosages", dosages);
        o.put("dosage_noise", dosageNoise);
        o.put("multiallelic_rate", multiallelicRate);
        o.put("block_size", blockSize);
        o.put("founders", founders);
        o.put("switch_rate", switchRate);
        o.put("rare_fraction", rareFraction);
        o.put("spacing", spacing);
        o.put("compression_level", compressionLevel);
        return o;
    }
}
