package org.jpegdl.codec;

/**
 * How {@link JpegFiles} writes a baseline file besides its quantisation tables: the Huffman tables (the standard
 * Annex K ones, as {@code cjpeg} by default, or optimised for each file, as {@code cjpeg -optimize}) and the chroma
 * sampling of colour files (4:4:4, as the JPEG layer quantises full-resolution chroma, or 4:2:0, as most JPEG files
 * on the web and {@code cjpeg}'s default). Grayscale files have one component and ignore the sampling.
 *
 * @param optimizedHuffman Huffman tables built from the file's own symbol counts (the smallest baseline file)
 * @param subsampled chroma at half resolution in both directions (4:2:0) rather than full (4:4:4)
 */
public record FileFormat(boolean optimizedHuffman, boolean subsampled) {

    /** Standard Huffman tables, 4:4:4: the files {@code compress} wrote before Huffman optimisation was offered. */
    public static final FileFormat STANDARD = new FileFormat(false, false);
    /** Optimised Huffman tables, 4:4:4: how learned tables are judged (the layer quantises full-resolution chroma). */
    public static final FileFormat OPTIMIZED = new FileFormat(true, false);
    /** Optimised Huffman tables, 4:2:0: the standard ladder as most colour JPEG files are written. */
    public static final FileFormat OPTIMIZED_420 = new FileFormat(true, true);

    /** "4:4:4" or "4:2:0". */
    public String samplingText() {
        return subsampled ? "4:2:0" : "4:4:4";
    }

    /** A short description, e.g. "baseline, 4:2:0, optimised Huffman tables". */
    public String describe() {
        return "baseline, " + samplingText() + ", " + (optimizedHuffman ? "optimised" : "standard") + " Huffman tables";
    }
}
