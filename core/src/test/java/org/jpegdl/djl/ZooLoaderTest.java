package org.jpegdl.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jpegdl.data.EpochIterator;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.data.ImageList;
import org.jpegdl.data.PreparedBatch;
import org.jpegdl.data.RgbImage;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.experiment.RunTraining;
import org.jpegdl.recipe.DataSettings;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs as DJL models: the factories the run store names exist, DJL's service loader finds the zoo, the translator
 * makes exactly what the evaluation batches hold, and Criteria load a trained run by its path and through the zoo.
 */
class ZooLoaderTest {

    @TempDir
    Path dir;

    private static RunConfig config(
            String dataset, String dataDir, int trainLimit, int testLimit, DataSettings settings) {
        Recipe recipe = Recipe.cifar().withEpochs(1).withBatchSize(32).withTableInit(TableInitialization.quality(50));
        return new RunConfig(
                "zoo", dataset, dataDir, "resnet8", true, recipe, 0, trainLimit, testLimit, 2, Map.of(), settings);
    }

    @Test
    void servingPropertiesNameTheFactoriesAndDjlFindsTheZoo() {
        assertEquals(RunBlockFactory.class.getName(), RunDirectory.BLOCK_FACTORY);
        assertEquals(RunTranslatorFactory.class.getName(), RunDirectory.TRANSLATOR_FACTORY);
        ModelZoo zoo = ModelZoo.getModelZoo(JpegdlModelZoo.GROUP_ID);
        assertNotNull(zoo, "META-INF/services registers the jpegdl zoo");
        assertNotNull(zoo.getModelLoader(RunModelLoader.ARTIFACT_ID));
        assertNotNull(zoo.getModelLoader(RunModelLoader.ARTIFACT_ID).getMrl());
    }

    @Test
    void translatorMakesWhatTheEvaluationBatchesHoldBitForBit() throws Exception {
        // RGB in memory, and grey 28×28 padded as the recipe pads it
        for (RunConfig config : List.of(
                config("synthetic", null, 64, 16, DataSettings.defaults()),
                config("fashion-mnist-mini", null, 64, 16, DataSettings.defaults()))) {
            RunAssembly.Prepared p = RunAssembly.prepare(config, RunAssembly.Options.standalone());
            RunTranslator translator = new RunTranslator(RunSignature.of(p));
            ImageDataset test = p.inMemory().test();
            PreparedBatch batch = firstBatch(p);
            for (int i = 0; i < 3; i++) {
                Path png = dir.resolve(config.dataset() + "-" + i + ".png");
                ImageIO.write(image(test, batch.indices()[i]), "png", png.toFile());
                assertTranslated(
                        translator,
                        ImageFactory.getInstance().fromFile(png),
                        batch,
                        i,
                        config.dataset() + " image " + i);
            }
        }
    }

    @Test
    void photoRunsTranslateFilesAsTheirBatchesDecodeThem() throws Exception {
        int[] colours = {0x2040D0, 0xE08020};
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 4; i++) {
                photo(dir.resolve("data/train/c" + k + "/" + i + ".jpg"), colours[k], 30 + 3 * i, 28);
                photo(dir.resolve("data/val/c" + k + "/" + i + ".jpg"), colours[k], 27, 31 + 5 * i);
            }
        }
        RunAssembly.Prepared p = RunAssembly.prepare(
                config("imagefolder", dir.resolve("data").toString(), 0, 0, new DataSettings(24, false, 1, null, 0)),
                RunAssembly.Options.standalone());
        RunTranslator translator = new RunTranslator(RunSignature.of(p));
        ImageList files = (ImageList) p.data().test();
        PreparedBatch batch = firstBatch(p);
        for (int i = 0; i < batch.size(); i++) {
            Path file = files.path(batch.indices()[i]);
            assertTranslated(translator, ImageFactory.getInstance().fromFile(file), batch, i, file.toString());
        }
    }

    @Test
    void criteriaLoadATrainedRunByItsPathAndThroughTheZoo() throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve("runs/zoo"));
        RunTraining.train(
                config("synthetic", null, 64, 16, DataSettings.defaults()),
                run,
                false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                false);
        RunAssembly.Prepared p = RunAssembly.prepare(run.readConfig(), RunAssembly.Options.standalone());
        BufferedImage picture = image(p.inMemory().test(), 0);
        Classifications byPath;
        try (ZooModel<Image, Classifications> model = Criteria.builder()
                        .setTypes(Image.class, Classifications.class)
                        .optModelPath(run.root())
                        .build()
                        .loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            byPath = predictor.predict(ImageFactory.getInstance().fromImage(picture));
            assertEquals(Device.cpu(), model.getNDManager().getDevice());
        }
        Classifications byZoo;
        try (ZooModel<Image, Classifications> model = Criteria.builder()
                        .setTypes(Image.class, Classifications.class)
                        .optGroupId(JpegdlModelZoo.GROUP_ID)
                        .optArgument(RunModelLoader.RUN, run.root().toString())
                        .build()
                        .loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            byZoo = predictor.predict(ImageFactory.getInstance().fromImage(picture));
        }
        assertEquals(10, byPath.getClassNames().size());
        assertEquals(p.data().train().classNames(), byPath.getClassNames());
        assertEquals(byPath.getProbabilities(), byZoo.getProbabilities());
        double total = byPath.getProbabilities().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        assertEquals(1.0, total, 1e-5, "softmax probabilities");
    }

    @Test
    void aDirectoryWithoutACheckpointIsOneClearError() throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve("runs/empty"));
        Files.createDirectories(run.root());
        run.writeConfig(config("synthetic", null, 64, 16, DataSettings.defaults()));
        run.writeServingProperties(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        IOException direct = assertThrows(IOException.class, () -> RunModels.load(run.root(), null));
        assertTrue(direct.getMessage().contains("has no checkpoint yet"), direct.getMessage());
        IOException viaDjl = assertThrows(
                IOException.class,
                () -> Criteria.builder()
                        .setTypes(Image.class, Classifications.class)
                        .optModelPath(run.root())
                        .build()
                        .loadModel());
        assertTrue(viaDjl.getMessage().contains(run.root().toString()), viaDjl.getMessage());
    }

    private static PreparedBatch firstBatch(RunAssembly.Prepared p) {
        try (EpochIterator it = p.test().epoch(0)) {
            return it.nextPrepared();
        }
    }

    private static void assertTranslated(
            RunTranslator translator, Image image, PreparedBatch batch, int i, String what) {
        int values = batch.channels() * batch.height() * batch.width();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList input = translator.processInput(new FakeContext(manager), image);
            assertEquals(
                    new ai.djl.ndarray.types.Shape(batch.channels(), batch.height(), batch.width()),
                    input.singletonOrThrow().getShape(),
                    what);
            assertArrayEquals(
                    Arrays.copyOfRange(batch.data(), i * values, (i + 1) * values),
                    input.singletonOrThrow().toFloatArray(),
                    what);
        }
    }

    /** Test image {@code index} of an in-memory data set as a PNG would hold it: grey or RGB. */
    private static BufferedImage image(ImageDataset images, int index) {
        byte[] bytes = images.image(index);
        if (images.channels() == 3) {
            return new RgbImage(images.width(), images.height(), bytes).toBufferedImage();
        }
        BufferedImage grey = new BufferedImage(images.width(), images.height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < images.height(); y++) {
            for (int x = 0; x < images.width(); x++) {
                grey.getRaster().setSample(x, y, 0, bytes[y * images.width() + x] & 0xFF);
            }
        }
        return grey;
    }

    private static void photo(Path file, int rgb, int width, int height) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 7 + y * 3) % 2 == 0 ? rgb : rgb ^ 0x303030);
            }
        }
        ImageIO.write(image, "jpeg", file.toFile());
    }
}
