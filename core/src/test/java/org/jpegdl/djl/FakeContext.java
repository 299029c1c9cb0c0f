package org.jpegdl.djl;

import ai.djl.Model;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.translate.TranslatorContext;
import java.util.HashMap;
import java.util.Map;

/** A translator context over one manager, to call a translator's processInput outside a predictor. */
final class FakeContext implements TranslatorContext {

    private final NDManager manager;
    private final Map<String, Object> attachments = new HashMap<>();

    FakeContext(NDManager manager) {
        this.manager = manager;
    }

    @Override
    public Model getModel() {
        return null;
    }

    @Override
    public NDManager getNDManager() {
        return manager;
    }

    @Override
    public NDManager getPredictorManager() {
        return manager;
    }

    @Override
    public Block getBlock() {
        return null;
    }

    @Override
    public Metrics getMetrics() {
        return null;
    }

    @Override
    public Object getAttachment(String key) {
        return attachments.get(key);
    }

    @Override
    public void setAttachment(String key, Object value) {
        attachments.put(key, value);
    }

    @Override
    public void close() {}
}
