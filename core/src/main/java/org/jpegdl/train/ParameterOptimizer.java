package org.jpegdl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jpegdl.recipe.Recipe;
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

    /** Applies one update to {@code weight} (in place) given its gradient, at learning rate {@code lr}. */
    protected abstract void apply(NDArray weight, NDArray grad, NDList buffers, long step, double lr);

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
            apply(weight, gradient == null ? grad : gradient, buffers, step, lr);
            grad.subi(grad);
        }
    }

    /** The recipe's optimiser of the model's parameters: SGD with its momentum and weight decay. */
    public static ParameterOptimizer forModel(Recipe recipe, NDManager parent) {
        return new Sgd(parent, recipe.momentum(), recipe.weightDecay());
    }

    /**
     * The recipe's optimiser of a JPEG layer's parameters (tables and trainable alphas), for images of
     * {@code imageShape} (C, H, W): Adam, SGD with the tables' momentum (the authors' ImageNet scripts:
     * torch.optim.SGD, no decay) or LSQ-scaled SGD (each step multiplies one coefficient per 8×8 block).
     */
    public static ParameterOptimizer forTables(Recipe recipe, NDManager parent, int[] imageShape) {
        return switch (recipe.tableOptimizer()) {
            case Recipe.LSQ_SGD -> {
                long blocks = (long) ((imageShape[1] + 7) / 8) * ((imageShape[2] + 7) / 8);
                long largestIndex = (1L << (recipe.bits() - 1)) - 1;
                yield new LsqSgd(parent, recipe.tableMomentum(), LsqSgd.scale(blocks, largestIndex));
            }
            case Recipe.SGD -> new Sgd(parent, recipe.tableMomentum(), 0);
            default -> new Adam(parent, 0);
        };
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
        protected void apply(NDArray weight, NDArray grad, NDList buffers, long step, double lr) {
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
        protected void apply(NDArray weight, NDArray grad, NDList buffers, long step, double lr) {
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
     * number of values a step multiplies per update and Qp the largest positive quantisation index. The scale is fixed
     * at construction.
     */
    public static final class LsqSgd extends ParameterOptimizer {
        private final double momentum;
        private final double gradientScale;

        /** LSQ-scaled SGD with {@code momentum} and a fixed {@code gradientScale}, its state under {@code parent}. */
        public LsqSgd(NDManager parent, double momentum, double gradientScale) {
            super(parent, "lsq-sgd", 1);
            this.momentum = momentum;
            this.gradientScale = gradientScale;
        }

        /** The LSQ gradient scale 1/√(n·Qp). */
        public static double scale(long valuesPerStep, long largestIndex) {
            return 1 / Math.sqrt((double) valuesPerStep * largestIndex);
        }

        @Override
        protected void apply(NDArray weight, NDArray grad, NDList buffers, long step, double lr) {
            NDArray buf = buffers.get(0);
            buf.muli(momentum).addi(grad.mul(gradientScale));
            weight.subi(buf.mul(lr));
        }
    }
}
