package org.jpegdl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged checkpoint files are named, with the earlier checkpoint that is intact; a failed save leaves nothing. */
class CheckpointsTest {

    @TempDir
    Path dir;

    private NDManager manager;
    private Block block;
    private Checkpoints checkpoints;

    /** Optimiser-like state: a few numbers, or a failure when told to. */
    private static final class Counter implements SavedState {
        int value = 7;
        boolean failOnSave;

        @Override
        public void save(DataOutputStream out) throws IOException {
            out.writeInt(value);
            if (failOnSave) {
                throw new IOException("No space left on device");
            }
            out.writeInt(value * 2);
        }

        @Override
        public void load(DataInputStream in) throws IOException {
            value = in.readInt();
            if (in.readInt() != value * 2) {
                throw new IOException("state does not add up");
            }
        }
    }

    @BeforeEach
    void saveTwoEpochs() throws IOException {
        manager = NDManager.newBaseManager();
        block = Linear.builder().setUnits(4).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 8));
        checkpoints = new Checkpoints(dir.resolve("checkpoints"));
        checkpoints.save(1, block, Map.of("tables", new Counter()));
        checkpoints.save(2, block, Map.of("tables", new Counter()));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private IOException loadFails(int epoch) {
        return assertThrows(
                IOException.class, () -> checkpoints.load(epoch, block, Map.of("tables", new Counter()), manager));
    }

    @Test
    void aTruncatedParameterFileIsNamedWithTheIntactEarlierCheckpoint() throws IOException {
        Path params = checkpoints.directory(2).resolve("model.params");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(bytes, bytes.length / 2));
        String message = loadFails(2).getMessage();
        assertTrue(message.startsWith(params + ": damaged checkpoint file"), message);
        assertTrue(message.contains("epoch 1") && message.contains("is intact"), message);
        checkpoints.load(1, block, Map.of("tables", new Counter()), manager);
    }

    @Test
    void randomBytesAndACutOptimiserFileAreDamageToo() throws IOException {
        Path params = checkpoints.directory(2).resolve("model.params");
        byte[] noise = new byte[(int) Files.size(params)];
        new Random(3).nextBytes(noise);
        Files.write(params, noise);
        assertTrue(loadFails(2).getMessage().contains(params + ": damaged checkpoint file"));
        Path optimizer = checkpoints.directory(1).resolve("tables.optimizer");
        Files.write(optimizer, new byte[] {0, 0, 0, 7});
        String message = loadFails(1).getMessage();
        assertTrue(message.startsWith(optimizer + ": damaged"), message);
        assertTrue(message.contains("no earlier checkpoint is intact"), message);
    }

    @Test
    void aSaveThatFailsMidwayLeavesNoPartialCheckpointAndNamesTheFolder() throws IOException {
        Counter full = new Counter();
        full.failOnSave = true;
        IOException e = assertThrows(IOException.class, () -> checkpoints.save(3, block, Map.of("tables", full)));
        assertTrue(
                e.getMessage().contains(dir.resolve("checkpoints").toString())
                        && e.getMessage().contains("No space left on device"),
                e.getMessage());
        try (var entries = Files.list(dir.resolve("checkpoints"))) {
            List<String> names =
                    entries.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("epoch-0001", "epoch-0002", "latest"), names);
        }
        assertEquals(2, checkpoints.latestEpoch().orElseThrow());
        assertFalse(Files.exists(checkpoints.directory(3)));
    }
}
