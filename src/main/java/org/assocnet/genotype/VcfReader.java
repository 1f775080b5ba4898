package org.assocnet.genotype;

/** Which VCF decoder to use: the fast byte-level parser for VCF text (auto), or htsjdk's for everything. */
public enum VcfReader { AUTO, FAST, HTSJDK }
