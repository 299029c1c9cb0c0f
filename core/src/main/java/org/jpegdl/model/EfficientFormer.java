package org.jpegdl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jpegdl.nd.Scalars;

/**
 * EfficientFormer as timm defines it ({@code timm/models/efficientformer.py}, {@code efficientformer_l1}):
 * <ul>
 *   <li>stem: conv3×3/2 (24) –BN–ReLU–conv3×3/2 (48)–BN–ReLU (convolutions with bias);</li>
 *   <li>four stages of widths 48/96/224/448 and depths 3/2/6/4, stages 2–4 opening with a conv3×3/2 + BN
 *   downsample;</li>
 *   <li>Meta4D blocks: {@code x + ls1 · (avgpool3×3(x) − x)} (pool without counting padding), then
 *   {@code x + ls2 · mlp(x)} with mlp = conv1×1 (4·dim)–BN–GELU–conv1×1 (dim)–BN;</li>
 *   <li>the last {@code numVit} (1 for L1) blocks of stage 4 are Meta3D blocks on the flattened tokens:
 *   {@code x + ls1 · attention(LN(x))}, {@code x + ls2 · mlp(LN(x))} with mlp = Linear (4·dim)–GELU–Linear (dim);
 *   attention has 8 heads, key dim 32, value dim 128 and a learned bias per head and per relative offset
 *   (|Δrow|·W + |Δcol|) of the token grid;</li>
 *   <li>layer scales start at 1e-5; a final LayerNorm, the mean over tokens, and two linear heads
 *   ({@code head}, {@code head_dist}) whose logits are averaged. timm's separate distillation outputs
 *   ({@code distilled_training}) are not provided.</li>
 * </ul>
 *
 * <p>Trainable parameters of efficientformer_l1 at 224×224 with 1000 classes: 12,289,928, timm's figure.
 *
 * <p><b>Input size.</b> The attention-bias table has one column per relative offset of the token grid, so its size
 * depends on the input: the grid is the input side halved five times (rounding up: 224 → 7×7, 96 → 3×3,
 * 64 → 2×2). Build with {@link Builder#optInputSize(int, int)} to fix the grid (as timm's {@code resolution}), or
 * leave it unset and the grid is taken from the first input shape the model is initialised with (square grids
 * only). Either way the model then only runs at that grid; another size is refused with an explanation. At 224 the
 * table is 8×49 (392 parameters); at 64 it is 8×4, so the count is 12,289,568.
 *
 * <p>Weights start as timm's: linear layers N(0, 0.02²) (timm truncates at ±2, i.e. ±100σ) with zero bias, the
 * attention biases zero, convolutions PyTorch's default.
 */
public final class EfficientFormer {

    /** EfficientFormer-L1 stage widths. */
    public static final int[] L1_WIDTHS = {48, 96, 224, 448};
    /** EfficientFormer-L1 stage depths. */
    public static final int[] L1_DEPTHS = {3, 2, 6, 4};

    private static final float LAYER_SCALE_INIT = 1e-5f;
    private static final int MLP_RATIO = 4;

    private EfficientFormer() {}

    /** The named variants: {@code efficientformer_l1}, ImageNet head by default; its token grid is set at init. */
    public static List<ModelSpec> variants() {
        return List.of(ModelSpec.imagenet("efficientformer_l1", "EfficientFormer", EfficientFormer::l1));
    }

    /** timm {@code efficientformer_l1}; the attention grid is taken from the shape the block is initialised with. */
    public static Block l1(int numClasses, int inChannels) {
        return builder().setNumClasses(numClasses).optInChannels(inChannels).build();
    }

    /** timm {@code efficientformer_l1} for square inputs of {@code inputSize} pixels. */
    public static Block l1(int numClasses, int inChannels, int inputSize) {
        return builder()
                .setNumClasses(numClasses)
                .optInChannels(inChannels)
                .optInputSize(inputSize, inputSize)
                .build();
    }

    /** A builder with EfficientFormer-L1's settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Side of the token grid for an input side: the stem's two and the three downsamples' stride-2 3×3 convs. */
    static int tokenGridSide(int inputSide) {
        int side = inputSide;
        for (int i = 0; i < 5; i++) {
            side = (side - 1) / 2 + 1;
        }
        return side;
    }

    /** A k×k convolution with bias and padding k/2. */
    private static Conv2d conv(int kernel, int stride, int filters) {
        return TorchLayers.conv(filters, kernel, stride, kernel / 2, true);
    }

    /** Builds an EfficientFormer; {@link #setNumClasses} is required. */
    public static final class Builder extends ClassifierBuilder<Builder> {
        private int[] widths = L1_WIDTHS;
        private int[] depths = L1_DEPTHS;
        private int numVit = 1;
        private int inputHeight;
        private int inputWidth;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The input size the attention biases are built for (default: taken from the initialisation shape). */
        public Builder optInputSize(int height, int width) {
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("input size must be positive, got " + height + "x" + width);
            }
            this.inputHeight = height;
            this.inputWidth = width;
            return this;
        }

        /** Stage widths and depths (default L1: 48/96/224/448 and 3/2/6/4). */
        public Builder optStages(int[] widths, int[] depths) {
            if (widths.length != 4 || depths.length != 4) {
                throw new IllegalArgumentException("need four widths and four depths, got " + Arrays.toString(widths)
                        + " and " + Arrays.toString(depths));
            }
            this.widths = widths.clone();
            this.depths = depths.clone();
            return this;
        }

        /** How many of the last stage's blocks are Meta3D attention blocks (default 1, as L1). */
        public Builder optNumVit(int numVit) {
            this.numVit = numVit;
            return this;
        }

        /** An uninitialised block mapping (N, inChannels, H, W) to (N, numClasses) logits. */
        public Block build() {
            checkSettings("EfficientFormer");
            if (numVit < 0 || numVit > depths[3]) {
                throw new IllegalArgumentException("numVit must be within 0.." + depths[3] + ", got " + numVit);
            }
            List<Linear> linears = new ArrayList<>();
            SequentialBlock net = new SequentialBlock()
                    .add(conv(3, 2, widths[0] / 2))
                    .add(TorchLayers.batchNorm())
                    .add(Activation.reluBlock())
                    .add(conv(3, 2, widths[0]))
                    .add(TorchLayers.batchNorm())
                    .add(Activation.reluBlock());
            for (int stage = 0; stage < 4; stage++) {
                int dim = widths[stage];
                if (stage > 0) {
                    net.add(conv(3, 2, dim)).add(TorchLayers.batchNorm());
                }
                int vit = stage == 3 ? numVit : 0;
                for (int b = 0; b < depths[stage]; b++) {
                    if (vit > 0 && b == depths[stage] - vit) {
                        net.add(LambdaBlock.singleton(EfficientFormer::flattenTokens, "flatten_tokens"));
                    }
                    if (vit > 0 && b >= depths[stage] - vit) {
                        net.add(meta3d(dim, linears));
                    } else {
                        net.add(meta4d(dim));
                    }
                }
            }
            Linear head = Linear.builder().setUnits(numClasses()).build();
            Linear headDist = Linear.builder().setUnits(numClasses()).build();
            linears.add(head);
            linears.add(headDist);
            if (numVit == 0) {
                net.add(LambdaBlock.singleton(EfficientFormer::flattenTokens, "flatten_tokens"));
            }
            net.add(LayerNorm.builder().axis(2).build())
                    .add(LambdaBlock.singleton(x -> x.mean(new int[] {1}), "mean_over_tokens"))
                    .add(new ParallelBlock(EfficientFormer::meanOfHeads, List.of(head, headDist)));
            net.setInitializer(ReferenceInit.torchDefault(), Parameter.Type.WEIGHT);
            for (Linear linear : linears) {
                linear.setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
            }
            boolean l1 = Arrays.equals(widths, L1_WIDTHS) && Arrays.equals(depths, L1_DEPTHS) && numVit == 1;
            return classifier(l1 ? "efficientformer_l1" : "efficientformer", net);
        }

        private Block meta4d(int dim) {
            return new SequentialBlock()
                    .add(Branches.residual(
                            new SequentialBlock().add(new PoolMixer()).add(new LayerScale(dim, true))))
                    .add(Branches.residual(new SequentialBlock()
                            .add(conv(1, 1, MLP_RATIO * dim))
                            .add(TorchLayers.batchNorm())
                            .add(Activation.geluBlock())
                            .add(conv(1, 1, dim))
                            .add(TorchLayers.batchNorm())
                            .add(new LayerScale(dim, true))));
        }

        private Block meta3d(int dim, List<Linear> linears) {
            int gridHeight = inputHeight == 0 ? 0 : tokenGridSide(inputHeight);
            int gridWidth = inputWidth == 0 ? 0 : tokenGridSide(inputWidth);
            Attention attention = new Attention(dim, 8, 32, 4, gridHeight, gridWidth);
            Linear fc1 = Linear.builder().setUnits((long) MLP_RATIO * dim).build();
            Linear fc2 = Linear.builder().setUnits(dim).build();
            linears.add(attention.qkv);
            linears.add(attention.proj);
            linears.add(fc1);
            linears.add(fc2);
            return new SequentialBlock()
                    .add(Branches.residual(new SequentialBlock()
                            .add(LayerNorm.builder().axis(2).build())
                            .add(attention)
                            .add(new LayerScale(dim, false))))
                    .add(Branches.residual(new SequentialBlock()
                            .add(LayerNorm.builder().axis(2).build())
                            .add(fc1)
                            .add(Activation.geluBlock())
                            .add(fc2)
                            .add(new LayerScale(dim, false))));
        }
    }

    /** The mean of the classification and distillation heads' logits (timm's inference output). */
    private static NDList meanOfHeads(List<NDList> outs) {
        NDArray sum = outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow());
        return new NDList(sum.div(Scalars.like(sum, 2)));
    }

    /** (N, C, H, W) → (N, H·W, C), tokens in row-major order. */
    private static NDArray flattenTokens(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
    }

    /**
     * PoolFormer's token mixer, {@code avgpool3×3(x) − x} with stride 1 and padding 1, the average taken over the
     * pixels inside the image only ({@code count_include_pad=False}). DJL 0.36's PyTorch engine ignores
     * {@code countIncludePad} and always divides by 9, so the sum over each window is divided by the number of real
     * pixels in it (the same pool applied to ones), which is exact whichever way the flag is honoured.
     */
    static final class PoolMixer extends AbstractBlock {
        private static final Shape KERNEL = new Shape(3, 3);
        private static final Shape STRIDE = new Shape(1, 1);
        private static final Shape PADDING = new Shape(1, 1);

        @Override
        protected NDList forwardInternal(
                ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            Shape s = x.getShape();
            NDArray windowMeans = Pool.avgPool2d(x, KERNEL, STRIDE, PADDING, false, true);
            NDArray ones = x.getManager().ones(new Shape(1, 1, s.get(2), s.get(3)), x.getDataType(), x.getDevice());
            NDArray realFraction = Pool.avgPool2d(ones, KERNEL, STRIDE, PADDING, false, true);
            return new NDList(windowMeans.div(realFraction).sub(x));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }
    }

    /** Multiplies by a learned per-channel scale (timm's LayerScale / LayerScale2d), initialised to 1e-5. */
    static final class LayerScale extends AbstractBlock {
        private final boolean channelsFirst;
        private final Parameter gamma;

        /**
         * @param dim           channels
         * @param channelsFirst true for (N, C, H, W) input, false for (N, tokens, C)
         */
        LayerScale(int dim, boolean channelsFirst) {
            this.channelsFirst = channelsFirst;
            this.gamma = addParameter(Parameter.builder()
                    .setName("gamma")
                    .setType(Parameter.Type.OTHER)
                    .optShape(new Shape(dim))
                    .optInitializer(new ConstantInitializer(LAYER_SCALE_INIT))
                    .build());
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray g = parameterStore.getValue(gamma, x.getDevice(), training);
            return new NDList(x.mul(channelsFirst ? g.reshape(1, -1, 1, 1) : g));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }
    }

    /**
     * Multi-head self-attention over (N, tokens, C) with a learned bias per head and relative grid offset, as timm's
     * EfficientFormer {@code Attention}: qkv = Linear(C → heads·(2·keyDim + valueDim)), softmax(q·kᵀ/√keyDim + bias)·v,
     * then Linear(heads·valueDim → C). The bias table is (heads, gridHeight·gridWidth); the offset between tokens
     * (r₁, c₁) and (r₂, c₂) is |r₁ − r₂|·gridWidth + |c₁ − c₂|.
     */
    static final class Attention extends AbstractBlock {
        private final int heads;
        private final int keyDim;
        private final int valueDim;
        private final float scale;
        final Linear qkv;
        final Linear proj;
        private final Parameter biases;
        private int gridHeight;
        private int gridWidth;
        private long[] biasIndex;

        /** A zero grid side means: take a square grid from the token count at initialisation. */
        Attention(int dim, int heads, int keyDim, int attentionRatio, int gridHeight, int gridWidth) {
            this.heads = heads;
            this.keyDim = keyDim;
            this.valueDim = attentionRatio * keyDim;
            this.scale = (float) (1.0 / Math.sqrt(keyDim));
            this.gridHeight = gridHeight;
            this.gridWidth = gridWidth;
            this.qkv = addChildBlock(
                    "qkv",
                    Linear.builder()
                            .setUnits((long) heads * (2 * keyDim + valueDim))
                            .build());
            this.proj = addChildBlock("proj", Linear.builder().setUnits(dim).build());
            this.biases = addParameter(Parameter.builder()
                    .setName("attention_biases")
                    .setType(Parameter.Type.OTHER)
                    .optInitializer(Initializer.ZEROS)
                    .build());
        }

        @Override
        protected void prepare(Shape[] inputShapes) {
            resolveGrid(inputShapes[0].get(1));
            biases.setShape(new Shape(heads, (long) gridHeight * gridWidth));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape s = inputShapes[0];
            qkv.initialize(manager, dataType, s);
            proj.initialize(manager, dataType, new Shape(s.get(0), s.get(1), (long) heads * valueDim));
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            Shape s = x.getShape();
            long batch = s.get(0);
            long tokens = s.get(1);
            resolveGrid(tokens);
            NDArray table = parameterStore.getValue(biases, x.getDevice(), training);
            NDArray bias = table.take(x.getManager().create(biasIndex(table), new Shape(heads, tokens, tokens)));

            NDArray qkvOut = qkv.forward(parameterStore, new NDList(x), training, params)
                    .singletonOrThrow()
                    .reshape(batch, tokens, heads, 2L * keyDim + valueDim)
                    .transpose(0, 2, 1, 3);
            NDList parts = qkvOut.split(new long[] {keyDim, 2L * keyDim}, 3);
            NDArray attention = parts.get(0)
                    .matMul(parts.get(1).transpose(0, 1, 3, 2))
                    .mul(Scalars.like(x, scale))
                    .add(bias)
                    .softmax(-1);
            NDArray mixed = attention
                    .matMul(parts.get(2))
                    .transpose(0, 2, 1, 3)
                    .reshape(batch, tokens, (long) heads * valueDim);
            return proj.forward(parameterStore, new NDList(mixed), training, params);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }

        private void resolveGrid(long tokens) {
            if (gridHeight == 0 || gridWidth == 0) {
                long side = Math.round(Math.sqrt((double) tokens));
                if (side * side != tokens) {
                    throw new IllegalArgumentException("EfficientFormer attention got " + tokens
                            + " tokens, not a square grid: build the model with optInputSize(height, width)");
                }
                gridHeight = (int) side;
                gridWidth = (int) side;
            } else if ((long) gridHeight * gridWidth != tokens) {
                throw new IllegalArgumentException("EfficientFormer attention biases were built for a " + gridHeight
                        + "x" + gridWidth + " token grid but the input gives " + tokens + " tokens; build the model"
                        + " for this input size (optInputSize, or initialise it with this input shape)");
            }
        }

        /**
         * The bias column of each token pair of a grid (tokens in row-major order): |r₁ − r₂|·width + |c₁ − c₂|, as
         * timm's {@code attention_bias_idxs}.
         */
        static int[][] relativeOffsets(int height, int width) {
            int n = height * width;
            int[][] offsets = new int[n][n];
            for (int p = 0; p < n; p++) {
                for (int q = 0; q < n; q++) {
                    offsets[p][q] = Math.abs(p / width - q / width) * width + Math.abs(p % width - q % width);
                }
            }
            return offsets;
        }

        /** Flat indices into the (heads, gridHeight·gridWidth) table giving the (heads, tokens, tokens) biases. */
        private long[] biasIndex(NDArray table) {
            long columns = (long) gridHeight * gridWidth;
            if (table.getShape().get(1) != columns) {
                throw new IllegalArgumentException("attention bias table " + table.getShape() + " does not fit a "
                        + gridHeight + "x" + gridWidth + " token grid");
            }
            if (biasIndex == null) {
                int[][] offsets = relativeOffsets(gridHeight, gridWidth);
                int n = offsets.length;
                long[] index = new long[heads * n * n];
                for (int h = 0; h < heads; h++) {
                    for (int p = 0; p < n; p++) {
                        for (int q = 0; q < n; q++) {
                            index[(h * n + p) * n + q] = h * columns + offsets[p][q];
                        }
                    }
                }
                biasIndex = index;
            }
            return biasIndex;
        }
    }
}
