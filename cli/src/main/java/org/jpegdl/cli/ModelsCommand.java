package org.jpegdl.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.jpegdl.model.ModelSpec;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.recipe.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jpegdl models}: the model zoo with parameter counts. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Lists every model: family, trainable parameters (batch-norm statistics not counted), native "
                + "input size and recipe preset.")
final class ModelsCommand implements Callable<Integer> {

    @Option(
            names = "--classes",
            defaultValue = "0",
            description = "Classes of the head the counts are taken at; 0: each model's own (CIFAR-100 100, "
                    + "fine-grained 200, ImageNet 1000).")
    int classes;

    @Override
    public Integer call() {
        System.out.printf(
                Locale.ROOT,
                "%-22s %-16s %14s %8s %6s  %-12s %s%n",
                "name",
                "family",
                "parameters",
                "classes",
                "input",
                "recipe",
                "lr");
        for (ModelSpec s : ModelZoo.specs()) {
            int headClasses = classes > 0 ? classes : s.defaultClasses();
            long count = ModelZoo.trainableParameterCount(s.name(), headClasses);
            System.out.printf(
                    Locale.ROOT,
                    "%-22s %-16s %,14d %8d %6s  %-12s %s%n",
                    s.name(),
                    s.family(),
                    count,
                    headClasses,
                    s.inputSize() + "px",
                    Recipe.paperPreset(s),
                    Recipe.preset(Recipe.paperPreset(s)).modelLrFor(s));
        }
        System.out.println("trainable parameters (batch-norm statistics not counted), 3 input channels");
        return 0;
    }
}
