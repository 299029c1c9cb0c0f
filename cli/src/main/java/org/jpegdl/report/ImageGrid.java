package org.jpegdl.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jpegdl.io.AtomicFiles;

/**
 * A PNG grid of small images with column titles and row labels (GradCAM++ and example figures): tiles are scaled up by an
 * integer factor with nearest-neighbour sampling, so pixels stay visible. Also turns pixel arrays and heat maps into
 * images.
 */
public final class ImageGrid {

    private static final int PAD = 6;
    private static final int TITLE_HEIGHT = 34;
    private static final int LABEL_WIDTH = 130;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ImageGrid() {}

    /**
     * An image from pixels (C, H, W) row-major in [0,255] (values outside are clamped), grey for one channel.
     *
     * @param offset where the image starts in {@code chw}
     */
    public static BufferedImage fromPixels(float[] chw, int offset, int channels, int height, int width) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = offset + y * width + x;
                int r = level(chw[p]);
                int g = channels == 3 ? level(chw[p + plane]) : r;
                int b = channels == 3 ? level(chw[p + 2 * plane]) : r;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    /** A heat map in [0,1] (H·W row-major) in the plasma-like palette of the table figures. */
    public static BufferedImage heat(float[] map, int height, int width) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, Palette.rgb(map[y * width + x]));
            }
        }
        return image;
    }

    /** {@code image} blended with the heat map's colours, the colour weighted by {@code opacity}. */
    public static BufferedImage overlay(BufferedImage image, float[] map, double opacity) {
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int a = image.getRGB(x, y);
                int c = Palette.rgb(map[y * width + x]);
                int rgb = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    double v = (1 - opacity) * ((a >> shift) & 0xFF) + opacity * ((c >> shift) & 0xFF);
                    rgb |= ((int) Math.round(v)) << shift;
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /** The enlargement that shows H×W tiles at about 160 pixels: 1 to 6. */
    public static int scaleFor(int height, int width) {
        return Math.max(1, Math.min(6, 160 / Math.max(height, width)));
    }

    /**
     * Writes rows of equally sized tiles as one PNG (atomically).
     *
     * @param columnTitles one per column (may wrap onto two lines with '\n')
     * @param rowLabels one per row (may wrap with '\n')
     * @param rows the tiles, row by row
     * @param scale integer enlargement of every tile
     */
    public static void write(
            List<String> columnTitles, List<String> rowLabels, List<List<BufferedImage>> rows, int scale, Path png)
            throws IOException {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("an image grid needs at least one row");
        }
        int tileWidth = rows.get(0).get(0).getWidth() * scale;
        int tileHeight = rows.get(0).get(0).getHeight() * scale;
        int columns = columnTitles.size();
        int width = LABEL_WIDTH + columns * (tileWidth + PAD) + PAD;
        int height = TITLE_HEIGHT + rows.size() * (tileHeight + PAD) + PAD;
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(Color.BLACK);
            FontMetrics metrics = g.getFontMetrics();
            for (int c = 0; c < columns; c++) {
                lines(
                        g,
                        columnTitles.get(c),
                        LABEL_WIDTH + c * (tileWidth + PAD) + PAD,
                        metrics.getAscent() + 2,
                        metrics.getHeight());
            }
            for (int r = 0; r < rows.size(); r++) {
                int top = TITLE_HEIGHT + r * (tileHeight + PAD);
                g.setColor(Color.BLACK);
                lines(g, rowLabels.get(r), PAD, top + metrics.getAscent(), metrics.getHeight());
                List<BufferedImage> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    g.drawImage(
                            row.get(c), LABEL_WIDTH + c * (tileWidth + PAD) + PAD, top, tileWidth, tileHeight, null);
                }
            }
        } finally {
            g.dispose();
        }
        AtomicFiles.write(png, out -> ImageIO.write(canvas, "png", out));
    }

    private static void lines(Graphics2D g, String text, int x, int y, int lineHeight) {
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], x, y + i * lineHeight);
        }
    }
}
