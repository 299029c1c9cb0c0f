package org.jpegdl.cli;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/** Versions recorded in every run's config: jpegdl, DJL, PyTorch, Java. */
final class Versions {

    private Versions() {}

    static Map<String, String> current() {
        Map<String, String> v = new LinkedHashMap<>();
        String own = Main.class.getPackage().getImplementationVersion();
        v.put("jpegdl", own == null ? "dev" : own);
        v.put("djl", Engine.getDjlVersion());
        v.put("pytorch", Engine.getInstance().getVersion());
        v.put("java", System.getProperty("java.version"));
        return v;
    }
}
