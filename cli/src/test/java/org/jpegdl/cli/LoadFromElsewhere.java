package org.jpegdl.cli;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;

/**
 * Loads a run as a user would from their own working directory, in a JVM of its own (the test JVM's working
 * directory cannot change): {@code predict}, {@code eval} and {@code report} through the command line, then the
 * README's Criteria program. Arguments: RUN_DIR IMAGE. Prints each verb's exit status and Criteria's top class;
 * exits 1 when anything failed.
 */
public final class LoadFromElsewhere {

    private LoadFromElsewhere() {}

    /** Runs the four loads of {@code args[0]} on the image {@code args[1]}. */
    public static void main(String[] args) throws Exception {
        int failed = 0;
        for (String[] verb : new String[][] {
            {"predict", "--run", args[0], args[1], "--top", "1"}, {"eval", "--run", args[0]}, {"report", args[0]}
        }) {
            int exit = Main.commandLine().execute(verb);
            System.out.println("exit " + verb[0] + " " + exit);
            failed += exit == 0 ? 0 : 1;
        }
        try (ZooModel<Image, Classifications> model = Criteria.builder()
                        .setTypes(Image.class, Classifications.class)
                        .optModelPath(Path.of(args[0]))
                        .build()
                        .loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            Image image = ImageFactory.getInstance().fromFile(Path.of(args[1]));
            Classifications.Classification best = predictor.predict(image).best();
            System.out.printf(java.util.Locale.ROOT, "criteria %s %.5f%n", best.getClassName(), best.getProbability());
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
