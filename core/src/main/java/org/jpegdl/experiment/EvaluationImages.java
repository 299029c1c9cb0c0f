package org.jpegdl.experiment;

import java.util.ArrayList;
import java.util.List;
import org.jpegdl.data.DatasetException;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.data.ImageDecoder;
import org.jpegdl.data.ImageList;
import org.jpegdl.data.InputTransform;
import org.jpegdl.data.LabelledImages;
import org.jpegdl.data.RgbImage;
import org.jpegdl.run.RunConfig;

/**
 * A split as uint8 images of the size a run evaluates them at, for real JPEG files: an in-memory split as it is;
 * photo files decoded and cropped as the run's evaluation batches crop them ({@link InputTransform}: shorter side
 * scaled, centre crop, antialiased bilinear), rounded to bytes (the batches keep the interpolated floats; the
 * rounding moves a value by at most ½).
 */
public final class EvaluationImages {

    private EvaluationImages() {}

    /**
     * The images of {@code split}; a photo file that cannot be decoded is left out and described in
     * {@code skipped} (may be null).
     *
     * @param split the split (in-memory or photo files)
     * @param config the run's config (how it decodes photos)
     * @param skipped receives "FILE: reason" for each file left out
     * @return the images, in the split's order
     */
    public static ImageDataset of(LabelledImages split, RunConfig config, List<String> skipped) {
        if (split instanceof ImageDataset images) {
            return images;
        }
        InputTransform transform = InputTransform.of(RunData.evaluationBatches(split, config, 1));
        int[] shape = transform.outputShape();
        int bytes = shape[0] * shape[1] * shape[2];
        List<byte[]> kept = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < split.size(); i++) {
            RgbImage image;
            try {
                image = ImageDecoder.decode(((ImageList) split).path(i));
            } catch (DatasetException e) {
                if (skipped != null) {
                    skipped.add(e.getMessage());
                }
                continue;
            }
            float[] values = transform.apply(image);
            byte[] out = new byte[bytes];
            for (int k = 0; k < bytes; k++) {
                out[k] = (byte) Math.max(0, Math.min(255, Math.round(values[k])));
            }
            kept.add(out);
            labels.add(split.label(i));
        }
        byte[] pixels = new byte[kept.size() * bytes];
        for (int i = 0; i < kept.size(); i++) {
            System.arraycopy(kept.get(i), 0, pixels, i * bytes, bytes);
        }
        return new ImageDataset(
                split.name(),
                split.source() + ", decoded and cropped as the run evaluates them",
                pixels,
                labels.stream().mapToInt(Integer::intValue).toArray(),
                split.numClasses(),
                shape[0],
                shape[1],
                shape[2],
                split.classNames());
    }
}
