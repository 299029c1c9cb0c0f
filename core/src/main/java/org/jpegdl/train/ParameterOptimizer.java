package org.jpegdl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jpegdl.run.SavedState;

/**
 * An optimiser over named parameters with PyTorch's update rules and state that can be saved and restored, so a
 * resumed run continues exactly where it stopped (DJL's built-in optimisers keep their momentum privately). Updates
 * are in place; temporaries live in an {@link NDScope} and are freed at once, so native memory stays flat.
 */
public abstract class ParameterOptimizer implements SavedState {

    private final NDManager stateManager;
    private final String kind;
    private final int buffers;
    private final Map<String, NDList> state = new LinkedHashMap<>();
    private final Map<String, Long> steps = new LinkedHashMap<>();

    /**
     * @param parent the manager the state's arrays live under
     * @param kind short name for configs and logs, e.g. "sgd" or "adam"
     * @param buffers number of state buffers per parameter
     */
    protected ParameterOptimizer(NDManager parent, String kind, int buffers) {
        this.stateManager = parent.newSubManager();
        this.kind = kind;
        this.buffers = buffers;
    }

    /** Short name for configs and logs, e.g. "sgd" or "adam". */
    public final String kind() {
        return kind;
    }

    /**
     * Applies one update to {@code weight} (in place), the parameter the optimiser keeps under {@code key}, given its
     * gradient, at learning rate {@code lr}.
     */
    protected abstract void apply(String key, NDArray weight, NDArray grad, NDList buffers, long step, double lr);

    /** The manager the optimiser's state lives under. */
    protected final NDManager stateManager() {
        return stateManager;
    }

    /**
     * Updates the parameter named {@code key} in place from the gradient autograd left on {@code weight}, then zeroes
     * that gradient for the next step (PyTorch accumulates gradients until they are zeroed).
     */
    public final void step(String key, NDArray weight, double lr) {
        step(key, weight, null, lr);
    }

    /**
     * The same with the gradient handed in ({@code null}: the weight's own), as DJL's {@code Optimizer.update} gets a
     * copy of it; the weight's own gradient is zeroed all the same.
     */
    public final void step(String key, NDArray weight, NDArray gradient, double lr) {
        NDList buffers = state.computeIfAbsent(key, k -> {
            NDList list = new NDList();
            for (int i = 0; i < this.buffers; i++) {
                list.add(stateManager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice()));
            }
            return list;
        });
        long step = steps.merge(key, 1L, Long::sum);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray grad = weight.getGradient();
            apply(key, weight, gradient == null ? grad : gradient, buffers, step, lr);
            grad.subi(grad);
        }
    }

    /** Number of parameters this optimiser has state for. */
    public int trackedParameters() {
        return state.size();
    }

    /** Writes the state (step counts and buffers per parameter). */
    public void save(DataOutputStream out) throws IOException {
        out.writeUTF(kind());
        out.writeInt(state.size());
        for (Map.Entry<String, NDList> e : state.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(steps.get(e.getKey()));
            byte[] encoded = e.getValue().encode();
            out.writeInt(encoded.length);
            out.write(encoded);
        }
    }

    /** Restores state written by {@link #save}. */
    public void load(DataInputStream in) throws IOException {
        String saved = in.readUTF();
        if (!saved.equals(kind)) {
            throw new IOException("optimiser state is for " + saved + ", not " + kind);
        }
        state.values().forEach(NDList::close);
        state.clear();
        steps.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            long step = in.readLong();
            byte[] encoded = new byte[in.readInt()];
            in.readFully(encoded);
            NDList buffers = NDList.decode(stateManager, encoded);
            state.put(key, buffers);
            steps.put(key, step);
        }
    }

    /** SGD with momentum and L2 weight decay, as torch.optim.SGD (dampening 0, no Nesterov). */
    public static final class Sgd extends ParameterOptimizer {
        private final double momentum;
        private final double weightDecay;

        /** SGD with {@code momentum} (0: none) and L2 {@code weightDecay}, its state under {@code parent}. */
        public Sgd(NDManager parent, double momentum, double weightDecay) {
            super(parent, "sgd", momentum == 0 ? 0 : 1);
            this.momentum = momentum;
            this.weightDecay = weightDecay;
        }

        @Override
        protected void apply(String key, NDArray weight, NDArray grad, NDList buffers, long step, double lr) {
            NDArray d = weightDecay == 0 ? grad : grad.add(weight.mul(weightDecay));
            if (momentum != 0) {
                NDArray buf = buffers.get(0);
                buf.muli(momentum).addi(d);
                d = buf;
            }
            weight.subi(d.mul(lr));
        }
    }

    /** Adam as torch.optim.Adam (β = 0.9, 0.999, ε = 1e-8, no weight decay unless given). */
    public static final class Adam extends ParameterOptimizer {
        private static final double BETA1 = 0.9;
        private static final double BETA2 = 0.999;
        private static final double EPSILON = 1e-8;
        private final double weightDecay;

        /** Adam with L2 {@code weightDecay}, its state under {@code parent}. */
        public Adam(NDManager parent, double weightDecay) {
            super(parent, "adam", 2);
            this.weightDecay = weightDecay;
        }

        @Override
        protected void apply(String key, NDArray weight, NDArray grad, NDList buffers, long step, double lr) {
            NDArray g = weightDecay == 0 ? grad : grad.add(weight.mul(weightDecay));
            NDArray m = buffers.get(0);
            NDArray v = buffers.get(1);
            m.muli(BETA1).addi(g.mul(1 - BETA1));
            v.muli(BETA2).addi(g.square().mul(1 - BETA2));
            double stepSize = lr / (1 - Math.pow(BETA1, step));
            double correction2 = Math.sqrt(1 - Math.pow(BETA2, step));
            NDArray denominator = v.sqrt().div(correction2).add(EPSILON);
            weight.subi(m.div(denominator).mul(stepSize));
        }
    }

    /**
     * SGD with momentum whose gradient is scaled as in Learned Step Size Quantization, g·1/√(n·Qp), where n is the
     * number of values a step multiplies in one pass and Qp the largest positive quantisation index. n is given per
     * entry of each parameter (a spatial table's regions hold different numbers of blocks; a chroma table serves two
     * channels) and read once, at the parameter's first step.
     */
    public static final class LsqSgd extends ParameterOptimizer {
        private final double momentum;
        private final long largestIndex;
        private final Function<String, double[]> valuesPerStep;
        private final Map<String, NDArray> scales = new HashMap<>();

        /**
         * LSQ-scaled SGD with {@code momentum}, its state under {@code parent}.
         *
         * @param largestIndex Qp
         * @param valuesPerStep for a parameter's key, n of each of its entries, in the parameter's order
         */
        public LsqSgd(NDManager parent, double momentum, long largestIndex, Function<String, double[]> valuesPerStep) {
            super(parent, "lsq-sgd", 1);
            this.momentum = momentum;
            this.largestIndex = largestIndex;
            this.valuesPerStep = valuesPerStep;
        }

        /** The LSQ gradient scale 1/√(n·Qp). */
        public static double scale(double valuesPerStep, long largestIndex) {
            return 1 / Math.sqrt(valuesPerStep * largestIndex);
        }

        @Override
        protected void apply(String key, NDArray weight, NDArray grad, NDList buffers, long step, double lr) {
            NDArray scale = scales.computeIfAbsent(key, k -> {
                double[] n = valuesPerStep.apply(k);
                if (n.length != weight.size()) {
                    throw new IllegalStateException("LSQ needs one count per entry of " + k + ": " + weight.size()
                            + " entries, " + n.length + " counts");
                }
                float[] s = new float[n.length];
                for (int i = 0; i < n.length; i++) {
                    s[i] = (float) scale(n[i], largestIndex);
                }
                NDArray made = stateManager().create(s, weight.getShape()).toType(weight.getDataType(), false);
                NDScope.unregister(made); // made inside the step's scope, kept for every later step
                return made;
            });
            NDArray buf = buffers.get(0);
            buf.muli(momentum).addi(grad.mul(scale));
            weight.subi(buf.mul(lr));
        }
    }
}
