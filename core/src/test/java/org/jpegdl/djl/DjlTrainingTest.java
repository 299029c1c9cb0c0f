package org.jpegdl.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpegdl.data.EpochIterator;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.RunConfig;
import org.jpegdl.train.TrainingListener;
import org.jpegdl.train.TrainingLoop;
import org.jpegdl.train.TrainingState;
import org.junit.jupiter.api.Test;

/**
 * DJL's own training on jpegdl's parts: the DJL dataset hands out the pipeline's batches for a seed, and DJL's
 * Trainer with EasyTrain.fit and the routing optimiser moves the weights and the tables as jpegdl's loop does.
 */
class DjlTrainingTest {

    private static RunConfig config() {
        // 60 images (6 a class), batches of 32, 2 epochs: 4 steps, the second epoch at its own learning rates
        Recipe recipe = Recipe.cifar()
                .withEpochs(2)
                .withBatchSize(32)
                .withModelLr(0.05)
                .withTableInit(TableInitialization.quality(50));
        return new RunConfig("djl", "synthetic", null, "resnet8", true, recipe, 3, 64, 16, 2, Map.of());
    }

    @Test
    void theDatasetHandsOutThePipelinesBatchesEpochByEpoch() throws Exception {
        RunAssembly.Prepared p = RunAssembly.prepare(config(), RunAssembly.Options.standalone());
        JpegDlDataset dataset = JpegDlDataset.of(p.train());
        assertEquals(p.train().dataset().size(), dataset.size());
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int epoch = 0; epoch < 2; epoch++) {
                List<float[]> expected = new ArrayList<>();
                List<float[]> expectedLabels = new ArrayList<>();
                try (EpochIterator it = p.train().epoch(epoch)) {
                    while (it.hasNext()) {
                        try (Batch b = it.next(manager)) {
                            expected.add(b.getData().singletonOrThrow().toFloatArray());
                            expectedLabels.add(b.getLabels().singletonOrThrow().toFloatArray());
                        }
                    }
                }
                int i = 0;
                for (Batch b : dataset.getData(manager)) {
                    try (b) {
                        assertArrayEquals(
                                expected.get(i), b.getData().singletonOrThrow().toFloatArray());
                        assertArrayEquals(
                                expectedLabels.get(i),
                                b.getLabels().singletonOrThrow().toFloatArray());
                    }
                    i++;
                }
                assertEquals(expected.size(), i, "epoch " + epoch);
            }
            // one record: the image as evaluation batches give it
            float[] first = dataset.get(manager, 5).getData().singletonOrThrow().toFloatArray();
            assertArrayEquals(p.train().evaluationImages(5).data(), first);
        }
    }

    @Test
    void djlsTrainerWithTheRoutingOptimiserTrainsAsJpegdlsLoop() throws Exception {
        RunConfig config = config();
        // jpegdl's own loop; the parameters read when training ends
        RunAssembly.Prepared ours = RunAssembly.prepare(config, RunAssembly.Options.standalone());
        Map<String, float[]> initial = new LinkedHashMap<>();
        Map<String, float[]> byLoop = new LinkedHashMap<>();
        TrainingListener capture = new TrainingListener() {
            @Override
            public void onTrainingBegin(TrainingState state) {
                initial.putAll(values(state.network()));
            }

            @Override
            public void onTrainingEnd(TrainingState state) {
                byLoop.putAll(values(state.network()));
            }
        };
        new TrainingLoop(
                        "djl",
                        ours.network().block(),
                        ours.network().jpegLayer(),
                        config.recipe(),
                        config.seed(),
                        ours.train(),
                        List.of(capture))
                .run();

        // DJL's Trainer and EasyTrain.fit on a fresh assembly of the same run
        RunAssembly.Prepared theirs = RunAssembly.prepare(config, RunAssembly.Options.standalone());
        Map<String, float[]> byDjl;
        try (Model model = Model.newInstance("djl", Device.cpu())) {
            model.setBlock(theirs.network().block());
            DefaultTrainingConfig training = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(RoutingOptimizer.of(theirs, model.getNDManager()))
                    .optDevices(new Device[] {Device.cpu()});
            Engine.getInstance().setRandomSeed((int) config.seed());
            try (Trainer trainer = model.newTrainer(training)) {
                int[] shape = theirs.train().imageShape();
                trainer.initialize(new Shape(1, shape[0], shape[1], shape[2]));
                EasyTrain.fit(trainer, config.recipe().epochs(), JpegDlDataset.of(theirs.train()), null);
            }
            byDjl = values(theirs.network().block());
        }

        assertEquals(byLoop.keySet(), byDjl.keySet());
        String table = ours.network().jpegLayer().lumaTable(0).getName();
        boolean tableSeen = false;
        for (String name : byLoop.keySet()) {
            assertArrayEquals(byLoop.get(name), byDjl.get(name), 1e-6f, name);
            tableSeen |= name.endsWith(table);
        }
        assertTrue(tableSeen, "the luma table is among the parameters: " + byLoop.keySet());
        String lumaTable = byLoop.keySet().stream()
                .filter(n -> n.endsWith(table))
                .findFirst()
                .orElseThrow();
        assertFalse(Arrays.equals(initial.get(lumaTable), byDjl.get(lumaTable)), "the tables moved");
        String weight = byLoop.keySet().stream()
                .filter(n -> n.contains("conv") || n.endsWith("weight"))
                .findFirst()
                .orElseThrow();
        assertFalse(Arrays.equals(initial.get(weight), byDjl.get(weight)), "the weights moved: " + weight);
    }

    /** Every parameter's values by name (path), trainable or not. */
    private static Map<String, float[]> values(Block block) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().isInitialized()) {
                out.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }
}
