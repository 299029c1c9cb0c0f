package org.jpegdl.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.jpegdl.model.ModelSpec;
import org.jpegdl.model.ModelZoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jpegdl models}: the model zoo with parameter counts. */
@Command(name = "models", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Lists every model: family, trainable parameters (batch-norm statistics not counted), native "
                + "input size and recipe preset.")
final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--classes", defaultValue = "100", description = "Classes of the head the count is taken at.")
    int classes;

    @Override
    public Integer call() {
        System.out.printf(Locale.ROOT, "%-20s %-16s %14s %6s  %-12s %s%n", "name", "family", "parameters", "input",
                "recipe", "lr");
        for (ModelSpec s : ModelZoo.specs()) {
            long count = ModelZoo.trainableParameterCount(s.name(), classes);
            System.out.printf(Locale.ROOT, "%-20s %-16s %,14d %6s  %-12s %s%n", s.name(), s.family(), count,
                    s.inputSize() + "px", s.recipe(), s.baseLearningRate());
        }
        System.out.printf(Locale.ROOT, "parameters at %d classes, 3 input channels%n", classes);
        return 0;
    }
}
