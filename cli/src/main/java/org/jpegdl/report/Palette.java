package org.jpegdl.report;

import java.awt.Color;

/** The colour map every jpegdl figure uses for magnitudes (plasma, dark = low, yellow = high). */
public final class Palette {

    /** Stops of the palette, evenly spaced from 0 to 1. */
    static final Color[] STOPS = {
        new Color(0x0d0887), new Color(0x7e03a8), new Color(0xcc4778), new Color(0xf89540), new Color(0xf0f921)
    };

    private Palette() {}

    /** The colour of a value in [0,1] (clamped) as packed RGB, linear between the stops. */
    public static int rgb(double value) {
        double v = Math.max(0, Math.min(1, value)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) Math.floor(v));
        double f = v - i;
        Color a = STOPS[i];
        Color b = STOPS[i + 1];
        int r = (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed()));
        int g = (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen()));
        int bl = (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue()));
        return (r << 16) | (g << 8) | bl;
    }

    /** The same colour as a CSS hex string. */
    public static String css(double value) {
        return String.format("#%06x", rgb(value));
    }

    /** Whether text over the colour of {@code value} reads better in black than in white. */
    public static boolean light(double value) {
        int c = rgb(value);
        double luminance = 0.2126 * (c >> 16 & 0xff) + 0.7152 * (c >> 8 & 0xff) + 0.0722 * (c & 0xff);
        return luminance > 140;
    }

    /** A CSS linear-gradient stop list of the whole palette. */
    public static String cssGradient() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < STOPS.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format("#%06x", STOPS[i].getRGB() & 0xffffff));
        }
        return sb.toString();
    }
}
