import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.jpegdl.jpeg.*;
import java.util.*;


/**
 * Times the JPEG layer's forward+backward (gradients to the tables) on 128×3×32×32 pixels with the soft quantiser,
 * hard rounding, and no quantisation (the colour transforms and DCTs alone; a zero-weighted table term keeps a
 * gradient path), 15 iterations each, twice, medians: where the layer's time goes.
 *
 * <p>Usage, after {@code ./jpegdl --help} has built the jar:
 * {@code java -Dai.djl.offline=true -cp "target/jpegdl.jar:target/lib/*" scripts/LayerProfile.java}
 */
public class LayerProfile {
    public static void main(String[] a) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(128, 3, 32, 32);
            JpegLayer layer = JpegLayer.builder().optChannels(3).optNormalization(new float[]{.5f,.5f,.5f}, new float[]{.25f,.25f,.25f})
                .optTableInit(TableInit.quality(50)).build();
            layer.initialize(m, DataType.FLOAT32, shape);
            float[] px = new float[(int) shape.size()];
            Random r = new Random(0);
            for (int i = 0; i < px.length; i++) px[i] = r.nextInt(256);
            for (String mode : new String[]{"SOFT","OFF","HARD","SOFT","OFF","HARD"}) {
                layer.setQuantization(JpegLayer.Quantization.valueOf(mode));
                double[] t = new double[15];
                for (int it = 0; it < 15; it++) {
                    try (NDManager b = m.newSubManager()) {
                        NDArray x = b.create(px, shape);
                        long t0 = System.nanoTime();
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray out = layer.forward(new ParameterStore(b, false), new NDList(x), true).singletonOrThrow();
                            if (mode.equals("OFF")) { out = out.add(layer.lumaTable(0).getArray().sum().mul(0)); }
                            gc.backward(out.sum());
                        }
                        t[it] = (System.nanoTime() - t0) / 1e6;
                        for (Parameter p : layer.tableParameters()) { if (p.getArray().hasGradient()) { NDArray g = p.getArray().getGradient(); g.subi(g); } }
                    }
                }
                Arrays.sort(t);
                System.out.printf("%s fwd+bwd median %.1f ms%n", mode, t[7]);
            }
            // forward only
            layer.setQuantization(JpegLayer.Quantization.SOFT);
            for (int k = 0; k < 2; k++) {
                double[] t = new double[15];
                for (int it = 0; it < 15; it++) {
                    try (NDManager b = m.newSubManager()) {
                        NDArray x = b.create(px, shape);
                        long t0 = System.nanoTime();
                        NDArray out = layer.forward(new ParameterStore(b, false), new NDList(x), false).singletonOrThrow();
                        out.toFloatArray();
                        t[it] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                Arrays.sort(t);
                System.out.printf("SOFT fwd only median %.1f ms%n", t[7]);
            }
        }
    }
}
