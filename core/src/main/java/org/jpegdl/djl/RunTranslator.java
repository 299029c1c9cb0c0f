package org.jpegdl.djl;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jpegdl.data.ImageDecoder;
import org.jpegdl.data.InputTransform;
import org.jpegdl.data.RgbImage;

/**
 * A run's {@link Translator} from a DJL {@link Image} to {@link Classifications}: the image becomes exactly what the
 * run's evaluation batches hold ({@link InputTransform}: resize or crop, pad, channels; float pixels in [0,255],
 * C×H×W; the normalisation is inside the network), and the logits become softmax probabilities over the data set's
 * class names.
 */
public final class RunTranslator implements Translator<Image, Classifications> {

    private final InputTransform transform;
    private final List<String> classNames;

    /** The translator of a run with this signature. */
    public RunTranslator(RunSignature signature) {
        this.transform = signature.transform();
        this.classNames = List.copyOf(signature.classNames());
    }

    /** How images become the network's input. */
    public InputTransform transform() {
        return transform;
    }

    /** The class names, index = label. */
    public List<String> classNames() {
        return classNames;
    }

    /** The pixels of a DJL image as the data package decodes files: 3 byte planes, grey repeated, alpha dropped. */
    public static RgbImage pixels(Image image, NDManager manager) {
        if (image.getWrappedImage() instanceof BufferedImage buffered) {
            return ImageDecoder.toRgb(buffered);
        }
        // other image factories (OpenCV): H×W×3 bytes in RGB order
        try (NDArray hwc = image.toNDArray(manager, Image.Flag.COLOR)) {
            int height = (int) hwc.getShape().get(0);
            int width = (int) hwc.getShape().get(1);
            byte[] interleaved = hwc.toType(DataType.UINT8, false).toByteArray();
            byte[] planes = new byte[interleaved.length];
            int plane = width * height;
            for (int i = 0; i < plane; i++) {
                planes[i] = interleaved[3 * i];
                planes[plane + i] = interleaved[3 * i + 1];
                planes[2 * plane + i] = interleaved[3 * i + 2];
            }
            return new RgbImage(width, height, planes);
        }
    }

    /** {@inheritDoc} */
    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        float[] values = transform.apply(pixels(input, ctx.getNDManager()));
        int[] shape = transform.outputShape();
        return new NDList(ctx.getNDManager().create(values, new Shape(shape[0], shape[1], shape[2])));
    }

    /** {@inheritDoc} */
    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        NDArray probabilities = list.singletonOrThrow().softmax(0);
        return new Classifications(classNames, probabilities);
    }

    /** {@inheritDoc} */
    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }
}
