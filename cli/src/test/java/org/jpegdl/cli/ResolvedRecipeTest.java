package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.jpegdl.data.DataKind;
import org.jpegdl.data.DatasetZoo;
import org.jpegdl.model.ModelSpec;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a library user resolves is what the command line trains with and writes into config.json. */
class ResolvedRecipeTest {

    private static final Set<String> LOW_RATE = Set.of("mobilenetv2", "shufflev1", "shufflev2");

    @TempDir
    Path dir;

    private static RunConfig trainConfig(String... args) {
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs(args);
        return train.config();
    }

    @Test
    void everyZooModelTrainsWithTheRecipeALibraryUserResolves() {
        DataKind kind = DatasetZoo.kind(DatasetZoo.DEFAULT);
        for (ModelSpec spec : ModelZoo.specs()) {
            Recipe library = Recipe.cifar().resolve(spec, kind);
            RunConfig cli = trainConfig("--model", spec.name(), "--paper-epochs");
            assertEquals(library, cli.recipe(), spec.name());
            assertEquals(
                    LOW_RATE.contains(spec.name()) ? 0.01 : 0.05, cli.recipe().modelLr(), 0.0, spec.name());
            // without --paper-epochs the command line trains a first run of 10 epochs, said and recorded
            assertEquals(
                    Recipe.cifar().withEpochs(10).resolve(spec, kind),
                    trainConfig("--model", spec.name()).recipe(),
                    spec.name());

            String paper = Recipe.paperPreset(spec);
            assertEquals(
                    Recipe.preset(paper).resolve(spec, kind),
                    trainConfig("--model", spec.name(), "--recipe", paper, "--paper-epochs")
                            .recipe(),
                    spec.name() + " " + paper);
        }
    }

    @Test
    void theLearningRateGivenOnTheCommandLineWinsOverThePresetsRateForTheModel() {
        RunConfig cli = trainConfig("--model", "mobilenetv2", "--lr", "0.2", "--paper-epochs");
        assertEquals(
                Recipe.cifar().withModelLr(0.2).resolve(ModelZoo.spec("mobilenetv2"), DataKind.IN_MEMORY),
                cli.recipe());
        assertEquals(0.2, cli.recipe().modelLr(), 0.0);
    }

    @Test
    void configJsonHoldsTheResolvedRecipe() throws Exception {
        CliRun r = CliRun.of(
                "train",
                "--model",
                "mobilenetv2",
                "--dataset",
                "synthetic",
                "--epochs",
                "1",
                "--train-limit",
                "20",
                "--test-limit",
                "10",
                "--batch-size",
                "10",
                "--init",
                "quality:50",
                "--runs-dir",
                dir.toString(),
                "--name",
                "m",
                "--no-progress",
                "--no-report");
        assertEquals(0, r.exit(), r.out() + r.err());
        Recipe library = Recipe.cifar()
                .withEpochs(1)
                .withBatchSize(10)
                .withTableInit(TableInitialization.quality(50))
                .resolve(ModelZoo.spec("mobilenetv2"), DatasetZoo.kind("synthetic"));
        RunConfig written = new RunDirectory(dir.resolve("m")).readConfig();
        assertEquals(library, written.recipe());
        String json = Json.MAPPER
                .readTree(dir.resolve("m/config.json").toFile())
                .get("recipe")
                .toString();
        assertTrue(
                json.contains("\"modelLr\":0.01")
                        && json.contains("\"tableInit\":\"quality:50\"")
                        && json.contains("\"normalization\":\"per-channel mean and std of the training split\"")
                        && json.contains("\"augmentation\":\"pad 4 + random crop + horizontal flip (CIFAR)\""),
                json);
    }

    @Test
    void tableInitialisationReadsAndWritesItsTextForm() {
        for (String text : new String[] {"quality:50", "constant:2.5", "sensitivity", "sensitivity:runs/b"}) {
            assertEquals(text, TableInitialization.parse(text).toString());
        }
        assertEquals(new TableInitialization.Quality(50), TableInitialization.parse("quality:50"));
        assertTrue(TableInitialization.parse("sensitivity") instanceof TableInitialization.Sensitivity s
                && s.needsBaseline());
    }

    @Test
    void theFirstRunDefaultIsSaidAndThePapersEpochsAreOneFlagAway() {
        TrainCommand plain = new TrainCommand();
        new CommandLine(plain).parseArgs("--model", "resnet20");
        assertEquals(
                "10 epochs: a first run a CPU finishes (the cifar preset trains 240: --paper-epochs, or "
                        + "--epochs N)",
                plain.options.epochsNote());
        TrainCommand paper = new TrainCommand();
        new CommandLine(paper).parseArgs("--model", "resnet20", "--paper-epochs");
        assertEquals(null, paper.options.epochsNote());
        assertEquals(240, paper.config().recipe().epochs());
        CliRun both = CliRun.of("train", "--epochs", "3", "--paper-epochs", "--runs-dir", dir.toString());
        assertEquals(Main.EXIT_USAGE, both.exit());
        assertTrue(both.err().contains("--epochs and --paper-epochs"), both.err());
    }
}
