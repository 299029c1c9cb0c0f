import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Random;

/**
 * Times each operation of the soft quantiser, in the order the layer runs them, on one batch slice of N colour 32×32
 * images (default 16, the layer's slice), and its backward pass as a whole (gradients to the steps only, as in
 * training): 41 iterations, medians in ms. Where the quantiser's time goes.
 *
 * <p>Usage, after {@code ./jpegdl --help} has built the jar:
 * {@code java -Dai.djl.offline=true -cp "target/jpegdl.jar:target/lib/*" scripts/QuantizerOpProfile.java [N]}
 */
public class QuantizerOpProfile {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int iterations = 41;
        String[] names = {"div", "round", "clip", "add offsets", "mul q", "sub x", "d*d", "scale", "softmax",
            "mul levels", "sum", "backward"};
        double[][] t = new double[names.length][iterations];
        try (NDManager m = NDManager.newBaseManager()) {
            float[] xs = new float[n * 3 * 16 * 64];
            Random r = new Random(1);
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) (r.nextGaussian() * (i % 64 == 0 ? 300 : 30));
            }
            float[] qs = new float[3 * 64];
            for (int i = 0; i < qs.length; i++) {
                qs[i] = 10 + r.nextInt(60);
            }
            for (int it = 0; it < iterations; it++) {
                try (NDManager b = m.newSubManager();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray x = b.create(xs, new Shape(n, 3, 16, 64));
                    NDArray q = b.create(qs, new Shape(1, 3, 1, 64));
                    q.setRequiresGradient(true);
                    NDArray offsets = b.arange(-2f, 3f).reshape(5, 1, 1, 1, 1);
                    NDArray negativeAlpha = b.create(-5f);
                    long[] ts = new long[names.length + 1];
                    int i = 0;
                    ts[i++] = System.nanoTime();
                    NDArray y = x.div(q);
                    ts[i++] = System.nanoTime();
                    NDArray k = y.round().stopGradient();
                    ts[i++] = System.nanoTime();
                    NDArray centre = k.clip(-125, 125);
                    ts[i++] = System.nanoTime();
                    NDArray index = centre.expandDims(0).add(offsets);
                    ts[i++] = System.nanoTime();
                    NDArray levels = index.mul(q);
                    ts[i++] = System.nanoTime();
                    NDArray d = levels.sub(x);
                    ts[i++] = System.nanoTime();
                    NDArray distance = d.mul(d);
                    ts[i++] = System.nanoTime();
                    NDArray logits = distance.muli(negativeAlpha);
                    ts[i++] = System.nanoTime();
                    NDArray weights = logits.softmax(0);
                    ts[i++] = System.nanoTime();
                    NDArray weighted = weights.mul(levels);
                    ts[i++] = System.nanoTime();
                    NDArray out = weighted.sum(new int[] {0});
                    ts[i++] = System.nanoTime();
                    gc.backward(out.sum());
                    ts[i++] = System.nanoTime();
                    for (int j = 0; j < names.length; j++) {
                        t[j][it] = (ts[j + 1] - ts[j]) / 1e6;
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder(n + " images:");
        double total = 0;
        for (int j = 0; j < names.length; j++) {
            double[] c = t[j].clone();
            Arrays.sort(c);
            total += c[iterations / 2];
            sb.append(String.format(" %s %.3f", names[j], c[iterations / 2]));
        }
        System.out.println(sb + String.format(" | total %.3f ms", total));
    }
}
