import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes an ImageFolder tree of photo-sized JPEG files (DIR/train/classNN/*.jpg, DIR/val/classNN/*.jpg) for timing
 * jpegdl's photo pipeline where no photo data set is on disk: 500×375 pictures (the typical size of CUB, Pets and
 * ImageNet photos) with gradients, shapes and sensor-like noise, saved at quality 90 by the JDK's JPEG writer.
 *
 * <p>Usage: {@code java scripts/PhotoTree.java DIR [TRAIN_PER_CLASS] [CLASSES]} (defaults 160 and 10).
 */
public class PhotoTree {
    public static void main(String[] args) throws Exception {
        File root = new File(args[0]);
        int perClass = args.length > 1 ? Integer.parseInt(args[1]) : 160;
        int classes = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Random random = new Random(0);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        for (String split : new String[] {"train", "val"}) {
            int count = split.equals("train") ? perClass : Math.max(1, perClass / 4);
            for (int c = 0; c < classes; c++) {
                File dir = new File(root, split + "/class" + String.format("%02d", c));
                dir.mkdirs();
                for (int i = 0; i < count; i++) {
                    BufferedImage image = picture(random, c);
                    try (ImageOutputStream out = ImageIO.createImageOutputStream(new File(dir, i + ".jpg"))) {
                        writer.setOutput(out);
                        writer.write(null, new IIOImage(image, null, null), param);
                    }
                }
            }
        }
        writer.dispose();
    }

    private static BufferedImage picture(Random random, int label) {
        int w = 500;
        int h = 375;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt(0xffffff)), w, h,
                new Color(random.nextInt(0xffffff))));
        g.fillRect(0, 0, w, h);
        for (int s = 0; s < 12; s++) {
            g.setColor(new Color(random.nextInt(0xffffff)));
            int x = random.nextInt(w);
            int y = random.nextInt(h);
            int size = 20 + random.nextInt(120);
            if ((s + label) % 3 == 0) {
                g.fillOval(x, y, size, size * 2 / 3);
            } else {
                g.fillRect(x, y, size, size / 2);
            }
        }
        g.dispose();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int n = (int) (random.nextGaussian() * 6);
                int r = clamp((rgb >> 16 & 0xff) + n);
                int gr = clamp((rgb >> 8 & 0xff) + n);
                int b = clamp((rgb & 0xff) + n);
                image.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
