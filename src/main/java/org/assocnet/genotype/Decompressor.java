package org.assocnet.genotype;

/** Whole-file bgzip decompression: htslib's bgzip if on the PATH (auto), always (bgzip), or java.util.zip (java). */
public enum Decompressor { AUTO, BGZIP, JAVA }
