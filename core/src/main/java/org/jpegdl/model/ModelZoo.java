package org.jpegdl.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jpegdl.nd.Devices;

/**
 * The registry of classifiers by name (timm-style): every model family contributes its named variants, and
 * {@code jpegdl models} lists what is here.
 *
 * <pre>{@code
 * Block model = ModelZoo.build("resnet20", 100);           // RGB, 100 logits
 * Block gray = ModelZoo.build("vgg8", 10, 1);             // grayscale input
 * ModelSpec spec = ModelZoo.spec("mobilenetv2");          // recipe "cifar", base lr 0.01, 32×32
 * long n = ModelZoo.trainableParameterCount(model, spec.inputShape(1, 3));
 * }</pre>
 *
 * <p>To add a family, give it a static {@code variants()} returning its {@link ModelSpec}s and add one line to
 * {@link #FAMILIES}. Names are looked up case-insensitively.
 */
public final class ModelZoo {

    /** Every family's variants, in listing order. Add one line per family. */
    private static final List<Supplier<List<ModelSpec>>> FAMILIES = List.of(
            // CIFAR-size (32×32) families, CRD's (RepDistiller) definitions.
            CifarResNet::variants,
            Vgg::variants,
            MobileNetV2::variants,
            ShuffleNetV1::variants,
            ShuffleNetV2::variants,
            WideResNet::variants,
            // fine-grained and ImageNet (224×224) families, torchvision's and timm's definitions.
            ResNet::variants,
            PreActResNet::variants,
            DenseNet::variants,
            SqueezeNet::variants,
            EfficientFormer::variants);

    private static final Map<String, ModelSpec> SPECS = register(FAMILIES);

    private ModelZoo() {}

    private static Map<String, ModelSpec> register(List<Supplier<List<ModelSpec>>> families) {
        Map<String, ModelSpec> specs = new LinkedHashMap<>();
        for (Supplier<List<ModelSpec>> family : families) {
            for (ModelSpec spec : family.get()) {
                ModelSpec previous = specs.putIfAbsent(key(spec.name()), spec);
                if (previous != null) {
                    throw new IllegalStateException("model name '" + spec.name() + "' of " + spec.family()
                            + " is already registered by " + previous.family());
                }
            }
        }
        return Collections.unmodifiableMap(specs);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Every registered name, in listing order (family by family). */
    public static List<String> names() {
        List<String> names = new ArrayList<>(SPECS.size());
        for (ModelSpec spec : SPECS.values()) {
            names.add(spec.name());
        }
        return Collections.unmodifiableList(names);
    }

    /** Every registered spec, in listing order. */
    public static List<ModelSpec> specs() {
        return List.copyOf(SPECS.values());
    }

    /** Whether {@code name} is registered (case-insensitive). */
    public static boolean contains(String name) {
        return name != null && SPECS.containsKey(key(name.strip()));
    }

    /**
     * The spec registered under {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name; the message lists the known names
     */
    public static ModelSpec spec(String name) {
        ModelSpec spec = name == null ? null : SPECS.get(key(name.strip()));
        if (spec == null) {
            throw new IllegalArgumentException(
                    "Unknown model '" + name + "'. Known models: " + String.join(", ", names()));
        }
        return spec;
    }

    /** A fresh RGB model named {@code name} with {@code numClasses} logits. */
    public static Block build(String name, int numClasses) {
        return spec(name).build(numClasses);
    }

    /** A fresh model named {@code name} with {@code numClasses} logits for {@code inChannels}-channel images. */
    public static Block build(String name, int numClasses, int inChannels) {
        return spec(name).build(numClasses, inChannels);
    }

    /**
     * The number of trainable scalars of a fresh model named {@code name} with {@code numClasses} logits, for RGB
     * input at its native size.
     */
    public static long trainableParameterCount(String name, int numClasses) {
        ModelSpec spec = spec(name);
        return trainableParameterCount(spec.build(numClasses), spec.inputShape(1, 3));
    }

    /**
     * The number of trainable scalars of {@code block} for inputs of {@code inputShape}: weights, biases and
     * batch-norm scale and shift, but not batch-norm running mean and variance, nor frozen parameters.
     *
     * <p>An initialised block is counted as it is. An uninitialised one is initialised on a temporary manager,
     * counted, and cleared again, so it can still be initialised (e.g. by a {@code Trainer}) afterwards.
     */
    public static long trainableParameterCount(Block block, Shape inputShape) {
        if (block.isInitialized()) {
            return countTrainable(block);
        }
        try (NDManager manager = Devices.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, inputShape);
            try {
                return countTrainable(block);
            } finally {
                block.clear();
            }
        }
    }

    private static long countTrainable(Block block) {
        long count = 0;
        for (Pair<String, Parameter> entry : block.getParameters()) {
            Parameter p = entry.getValue();
            if (isTrainable(p)) {
                count += p.getShape().size();
            }
        }
        return count;
    }

    private static boolean isTrainable(Parameter p) {
        Parameter.Type type = p.getType();
        return p.requiresGradient() && type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR;
    }
}
