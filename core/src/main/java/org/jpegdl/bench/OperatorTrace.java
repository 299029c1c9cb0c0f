package org.jpegdl.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's operator profiler around a piece of work: {@link #start()} before it, {@link #stop()} after it gives the
 * operators the work called at top level (not those they called in turn), in the order they ran, with their
 * durations. A backward pass shows as one operator per autograd node, named after the node ({@code MulBackward0}).
 * Each operator's duration includes the profiler's own overhead of a few microseconds.
 */
final class OperatorTrace {

    /** One top-level operator: its name and how long it ran, in milliseconds. */
    record Operator(String name, double ms) {}

    /** The prefix PyTorch's profiler puts before the node name of every backward step. */
    private static final String BACKWARD_PREFIX = "autograd::engine::evaluate_function: ";

    private OperatorTrace() {}

    /** Starts recording (CPU operators, no shapes, no memory); only one trace may be open at a time. */
    static OperatorTrace start() {
        JniUtils.startProfile(false, false, false);
        return new OperatorTrace();
    }

    /** Stops recording and returns the top-level operators of what ran since {@link #start()}. */
    List<Operator> stop() {
        try {
            Path file = Files.createTempFile("jpegdl-operator-trace", ".json");
            try {
                JniUtils.stopProfile(file.toString());
                return topLevel(new ObjectMapper().readTree(file.toFile()));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The events of a Chrome trace (an array of objects with {@code name}, {@code tid}, {@code ts} and {@code dur} in
     * microseconds) that no other event of the same thread encloses, ordered by start time.
     */
    static List<Operator> topLevel(JsonNode events) {
        Map<String, List<JsonNode>> byThread = new HashMap<>();
        for (JsonNode e : events) {
            if (e.has("dur")) {
                byThread.computeIfAbsent(e.path("tid").asText(), t -> new ArrayList<>())
                        .add(e);
            }
        }
        List<JsonNode> top = new ArrayList<>();
        Comparator<JsonNode> byStart =
                Comparator.comparingDouble(e -> e.get("ts").asDouble());
        for (List<JsonNode> thread : byThread.values()) {
            thread.sort(byStart.thenComparing(
                    Comparator.comparingDouble((JsonNode e) -> e.get("dur").asDouble())
                            .reversed()));
            double end = Double.NEGATIVE_INFINITY;
            for (JsonNode e : thread) {
                double ts = e.get("ts").asDouble();
                if (ts >= end) {
                    top.add(e);
                    end = ts + e.get("dur").asDouble();
                }
            }
        }
        top.sort(byStart);
        List<Operator> out = new ArrayList<>(top.size());
        for (JsonNode e : top) {
            String name = e.get("name").asText();
            out.add(new Operator(
                    name.startsWith(BACKWARD_PREFIX) ? name.substring(BACKWARD_PREFIX.length()) : name,
                    e.get("dur").asDouble() / 1000));
        }
        return out;
    }
}
