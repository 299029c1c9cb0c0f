package org.jpegdl.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering of docs/DESIGN.md, checked on the compiled main classes: no package uses one above it, so
 * there is no cycle. Order, lowest first: nd, io, data, jpeg, model, recipe, run, train, experiment, djl (runs as DJL models,
 * datasets and optimisers), bench, the
 * analyses (attack, explain, codec), report, cli.
 */
class PackageLayersTest {

    private static final List<String> LAYERS = List.of(
            "nd",
            "io",
            "data",
            "jpeg",
            "model",
            "recipe",
            "run",
            "train",
            "experiment",
            "djl",
            "bench",
            "attack",
            "explain",
            "codec",
            "report",
            "cli");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.jpegdl");
    }

    private static String pkg(String layer) {
        return "org.jpegdl." + layer + "..";
    }

    @Test
    void noPackageDependsOnAPackageAboveIt() {
        for (int i = 0; i < LAYERS.size(); i++) {
            String layer = LAYERS.get(i);
            String[] above = LAYERS.subList(i + 1, LAYERS.size()).stream()
                    .filter(upper -> !sameLevel(layer, upper))
                    .map(PackageLayersTest::pkg)
                    .toArray(String[]::new);
            if (above.length > 0) {
                noClasses()
                        .that()
                        .resideInAPackage(pkg(layer))
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(above)
                        .because(layer + " sits below " + String.join(", ", above))
                        .check(classes);
            }
        }
    }

    /** The JPEG layer and the models know nothing of each other; nor do the three analyses. */
    private static boolean sameLevel(String a, String b) {
        List<List<String>> levels = List.of(List.of("jpeg", "model"), List.of("attack", "explain", "codec"));
        return levels.stream().anyMatch(level -> level.contains(a) && level.contains(b));
    }

    @Test
    void siblingsDoNotDependOnEachOther() {
        noClasses()
                .that()
                .resideInAPackage(pkg("jpeg"))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(pkg("model"))
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage(pkg("model"))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(pkg("jpeg"))
                .check(classes);
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("org.jpegdl.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void analysesReadFinishedRunsWithoutTheTrainingLoop() {
        noClasses()
                .that()
                .resideInAnyPackage(pkg("attack"), pkg("explain"), pkg("codec"), pkg("report"))
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.jpegdl.train.TrainingLoop")
                .check(classes);
    }
}
