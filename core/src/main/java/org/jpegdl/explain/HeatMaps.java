package org.jpegdl.explain;

/** Resampling and scaling of heat maps held as row-major float arrays. */
public final class HeatMaps {

    private HeatMaps() {}

    /**
     * Bilinear resampling of an h×w map to H×W with pixel centres aligned (as {@code align_corners=False}):
     * output pixel (y, x) reads the map at ((y + ½)·h/H − ½, (x + ½)·w/W − ½), clamped to the map.
     */
    public static float[] upsample(float[] map, int h, int w, int height, int width) {
        float[] out = new float[height * width];
        for (int y = 0; y < height; y++) {
            double sy = clamp((y + 0.5) * h / height - 0.5, h);
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < width; x++) {
                double sx = clamp((x + 0.5) * w / width - 0.5, w);
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                double top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
                double bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
                out[y * width + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    private static double clamp(double v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }

    /** The map divided by its maximum (into [0,1] for a non-negative map); all zeros stay zeros. */
    public static float[] normalise(float[] map) {
        float max = 0;
        for (float v : map) {
            max = Math.max(max, v);
        }
        float[] out = new float[map.length];
        if (max > 0) {
            for (int i = 0; i < map.length; i++) {
                out[i] = Math.max(0, map[i]) / max;
            }
        }
        return out;
    }
}
