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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jpegdl.io.AtomicFiles;
import org.jpegdl.io.FileProblems;
import org.jpegdl.io.FileTrees;

/**
 * Resumable checkpoints of a run, written atomically: each epoch's files go to a hidden temporary directory that is
 * renamed to {@code epoch-NNNN} only when complete, then {@code latest} is replaced atomically. A crash at any point
 * leaves the previous checkpoint intact. The newest {@link #KEEP} checkpoints are kept.
 */
public final class Checkpoints {

    /** Checkpoints kept on disk. */
    public static final int KEEP = 2;
    /** The file in each checkpoint that lists its other files' SHA-256 sums, to tell a damaged file. */
    public static final String CHECKSUMS = "checksums.sha256";

    private final Path dir;

    /** The checkpoints in {@code dir} (a run's {@code checkpoints/}). */
    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    /**
     * Saves the block's parameters and the optimisers' state after {@code epoch} (1-based) epochs, with the files'
     * checksums. A failure (a full disk, say) leaves the earlier checkpoints as they were and no partial one.
     */
    public void save(int epoch, Block block, Map<String, ? extends SavedState> optimizers) throws IOException {
        String name = String.format("epoch-%04d", epoch);
        Path tmp = dir.resolve(".tmp-" + name);
        try {
            Files.createDirectories(dir);
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
            writeChecksums(tmp);
            Path target = dir.resolve(name);
            FileTrees.delete(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            FileTrees.delete(tmp);
            throw new IOException("cannot write the checkpoint of epoch " + epoch + " in " + dir + ": " + reason(e), e);
        }
        Json.writeString(dir.resolve("latest"), name + "\n");
        prune();
    }

    /**
     * Removes what a save killed midway left: a half-written checkpoint directory ({@code .tmp-epoch-NNNN}) and the
     * temporary files of {@code latest}; the complete checkpoints stay.
     *
     * @return the files and directories removed
     */
    public List<Path> removeLeftovers() throws IOException {
        List<Path> removed = new ArrayList<>(AtomicFiles.removeLeftovers(dir));
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".tmp-epoch-"))
                        .toList()) {
                    FileTrees.delete(p);
                    removed.add(p);
                }
            }
        }
        return removed;
    }

    /**
     * The epoch of the newest complete checkpoint, if any. A {@code latest} that does not name a checkpoint
     * ({@code epoch-NNNN}) is an IOException naming it and what it holds.
     */
    public Optional<Integer> latestEpoch() throws IOException {
        Path latest = dir.resolve("latest");
        if (Files.isRegularFile(latest)) {
            String name = Files.readString(latest).trim();
            if (!name.matches("epoch-\\d{4,}")) {
                throw new IOException(latest + ": holds '" + (name.length() > 60 ? name.substring(0, 60) + "..." : name)
                        + "', not the name of a checkpoint (epoch-NNNN); write the newest epoch-NNNN folder's name "
                        + "into it, or delete it");
            }
            if (Files.isRegularFile(dir.resolve(name).resolve("model.params"))) {
                return Optional.of(Integer.parseInt(name.substring("epoch-".length())));
            }
        }
        return complete()
                .findFirst()
                .map(p -> Integer.parseInt(p.getFileName().toString().substring(6)));
    }

    /**
     * Loads the checkpoint of {@code epoch} into the (initialised) block and optimisers. A damaged file (its checksum
     * differs from the one saved with it, or it cannot be read as what it holds) is an IOException that names it and
     * says which earlier checkpoint is intact.
     */
    public void load(int epoch, Block block, Map<String, ? extends SavedState> optimizers, NDManager manager)
            throws IOException {
        Path source = directory(epoch);
        Path params = source.resolve("model.params");
        verify(source, epoch);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
            block.loadParameters(manager, in);
        } catch (AccessDeniedException e) {
            throw e; // not damaged: "permission denied" with the file
        } catch (MalformedModelException | IOException | RuntimeException e) {
            throw damaged(params, epoch, "it does not read as this model's parameters (" + reason(e) + ")");
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
            } catch (AccessDeniedException ex) {
                throw ex;
            } catch (IOException | RuntimeException ex) {
                throw damaged(file, epoch, "it does not read as optimiser state (" + reason(ex) + ")");
            }
        }
    }

    /** Checks the files of a checkpoint against the checksums saved with it (older checkpoints have none). */
    private void verify(Path source, int epoch) throws IOException {
        Path sums = source.resolve(CHECKSUMS);
        if (!Files.isRegularFile(sums)) {
            return;
        }
        for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
            String[] parts = line.split("  ", 2);
            if (parts.length != 2) {
                continue;
            }
            Path file = source.resolve(parts[1]);
            if (!Files.isRegularFile(file)) {
                throw damaged(file, epoch, "it is missing");
            }
            if (!parts[0].equals(sha256(file))) {
                throw damaged(file, epoch, "its content is not what was saved (truncated or overwritten)");
            }
        }
    }

    /** Whether the checkpoint of {@code epoch} has every file its checksums list, each with that content. */
    private boolean intact(int epoch) {
        Path source = directory(epoch);
        if (!Files.isRegularFile(source.resolve(CHECKSUMS))) {
            return false;
        }
        try {
            verify(source, epoch);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private IOException damaged(Path file, int epoch, String why) throws IOException {
        Optional<Integer> earlier = complete()
                .map(p -> Integer.parseInt(p.getFileName().toString().substring(6)))
                .filter(e -> e < epoch && intact(e))
                .findFirst();
        String remedy = earlier.map(e -> "; the checkpoint of epoch " + e + " (" + directory(e) + ") is intact: "
                        + "delete " + directory(epoch) + " to resume from it")
                .orElse("; no earlier checkpoint is intact");
        return new IOException(file + ": damaged checkpoint file: " + why + remedy);
    }

    private static void writeChecksums(Path checkpoint) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(checkpoint)) {
            for (Path f : files.sorted().toList()) {
                sb.append(sha256(f)).append("  ").append(f.getFileName()).append('\n');
            }
        }
        Files.writeString(checkpoint.resolve(CHECKSUMS), sb.toString(), StandardCharsets.UTF_8);
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String reason(Exception e) {
        if (e instanceof IOException io) {
            return FileProblems.describe(io);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
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
