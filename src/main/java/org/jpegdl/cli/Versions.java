package org.jpegdl.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Versions recorded in every run's config: jpegdl, DJL, PyTorch, Java. */
final class Versions {

    private Versions() {}

    static Map<String, String> current() {
        Map<String, String> v = new LinkedHashMap<>();
        String own = Main.class.getPackage().getImplementationVersion();
        v.put("jpegdl", own == null ? "dev" : own);
        v.put("djl", ai.djl.engine.Engine.getDjlVersion());
        v.put("pytorch", ai.djl.engine.Engine.getInstance().getVersion());
        v.put("java", System.getProperty("java.version"));
        return v;
    }
}
