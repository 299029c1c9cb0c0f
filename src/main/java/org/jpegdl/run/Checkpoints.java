package org.jpegdl.run;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jpegdl.io.FileTrees;

/**
 * Resumable checkpoints of a run, written atomically: each epoch's files go to a hidden temporary directory that is
 * renamed to {@code epoch-NNNN} only when complete, then {@code latest} is replaced atomically. A crash at any point
 * leaves the previous checkpoint intact. The newest {@link #KEEP} checkpoints are kept.
 */
public final class Checkpoints {

    /** Checkpoints kept on disk. */
    public static final int KEEP = 2;

    private final Path dir;

    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    /** Saves the block's parameters and the optimisers' state after {@code epoch} (1-based) epochs. */
    public void save(int epoch, Block block, Map<String, ? extends SavedState> optimizers) throws IOException {
        Files.createDirectories(dir);
        String name = String.format("epoch-%04d", epoch);
        Path tmp = dir.resolve(".tmp-" + name);
        FileTrees.delete(tmp);
        Files.createDirectories(tmp);
        try (DataOutputStream out = stream(tmp.resolve("model.params"))) {
            block.saveParameters(out);
        }
        for (Map.Entry<String, ? extends SavedState> e : optimizers.entrySet()) {
            try (DataOutputStream out = stream(tmp.resolve(e.getKey() + ".optimizer"))) {
                e.getValue().save(out);
            }
        }
        Path target = dir.resolve(name);
        FileTrees.delete(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        Json.writeString(dir.resolve("latest"), name + "\n");
        prune();
    }

    /** The epoch of the newest complete checkpoint, if any. */
    public Optional<Integer> latestEpoch() throws IOException {
        Path latest = dir.resolve("latest");
        if (Files.isRegularFile(latest)) {
            String name = Files.readString(latest).trim();
            if (Files.isRegularFile(dir.resolve(name).resolve("model.params"))) {
                return Optional.of(Integer.parseInt(name.substring("epoch-".length())));
            }
        }
        return complete().findFirst().map(p -> Integer.parseInt(p.getFileName().toString().substring(6)));
    }

    /** Loads the checkpoint of {@code epoch} into the (initialised) block and optimisers. */
    public void load(int epoch, Block block, Map<String, ? extends SavedState> optimizers, NDManager manager)
            throws IOException {
        Path source = dir.resolve(String.format("epoch-%04d", epoch));
        try (DataInputStream in = new DataInputStream(
                new BufferedInputStream(Files.newInputStream(source.resolve("model.params"))))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException(source + ": checkpoint does not fit this model (" + e.getMessage() + ")");
        }
        // loaded arrays are plain tensors: trainable parameters need autograd again
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        for (Map.Entry<String, ? extends SavedState> e : optimizers.entrySet()) {
            Path file = source.resolve(e.getKey() + ".optimizer");
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                e.getValue().load(in);
            }
        }
    }

    /** The directory of the checkpoint of {@code epoch}. */
    public Path directory(int epoch) {
        return dir.resolve(String.format("epoch-%04d", epoch));
    }

    private Stream<Path> complete() throws IOException {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> list = s.filter(p -> p.getFileName().toString().matches("epoch-\\d{4}"))
                    .filter(p -> Files.isRegularFile(p.resolve("model.params")))
                    .sorted(Comparator.comparing(Path::getFileName).reversed())
                    .toList();
            return list.stream();
        }
    }

    private void prune() throws IOException {
        List<Path> all = complete().toList();
        for (int i = KEEP; i < all.size(); i++) {
            FileTrees.delete(all.get(i));
        }
    }

    private static DataOutputStream stream(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
    }

}
