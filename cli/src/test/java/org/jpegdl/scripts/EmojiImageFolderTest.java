package org.jpegdl.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jpegdl.data.DatasetOptions;
import org.jpegdl.data.DatasetSplits;
import org.jpegdl.data.ImageFolder;
import org.jpegdl.data.ImageList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/EmojiImageFolder.java on a tiny fake layout of the three npm packages it reads: category folders in
 * emoji.json's order, every emoji's drawings on one side of the split, skin tones and the Component category left
 * out, a tree jpegdl reads; a package folder without emoji.json is one line naming the file, exit 2.
 */
class EmojiImageFolderTest {

    private static final List<String> VENDORS = List.of("apple", "twitter", "facebook");

    @TempDir
    Path dir;

    /** The script, run as users run it (source-file mode), with this test's class path for Jackson. */
    private static Result script(String... args) throws IOException, InterruptedException {
        Path source = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/EmojiImageFolder.java");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                source.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    private record Result(int exit, String out, String err) {}

    /** Three vendors' packages: 10 smileys and 5 animals (sort order interleaved), 2 components, one skin tone. */
    private Path fakePackages() throws IOException {
        Path root = dir.resolve("packages");
        StringBuilder json = new StringBuilder("[");
        List<String[]> emoji = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            emoji.add(new String[] {String.format("1F6%02X", i), "Smileys & Emotion", String.valueOf(20 + i)});
        }
        for (int i = 0; i < 5; i++) {
            emoji.add(new String[] {String.format("1F4%02X", i), "Animals & Nature", String.valueOf(40 + i)});
        }
        emoji.add(new String[] {"1F3FB", "Component", "5"});
        emoji.add(new String[] {"1F9B0", "Component", "6"});
        for (int i = 0; i < emoji.size(); i++) {
            String[] e = emoji.get(i);
            String skin = e[0].equals("1F600")
                    ? ",\"skin_variations\":{\"1F3FB\":{\"unified\":\"1F600-1F3FB\","
                            + "\"image\":\"1f600-1f3fb.png\"}}"
                    : "";
            json.append(i == 0 ? "" : ",")
                    .append(String.format(
                            "{\"name\":\"E%d\",\"unified\":\"%s\",\"image\":"
                                    + "\"%s.png\",\"category\":\"%s\",\"sort_order\":%s%s}",
                            i, e[0], e[0].toLowerCase(), e[1], e[2], skin));
        }
        json.append("]");
        for (String vendor : VENDORS) {
            Path pkg = root.resolve("node_modules/emoji-datasource-" + vendor);
            Path images = pkg.resolve("img/" + vendor + "/64");
            Files.createDirectories(images);
            Files.writeString(pkg.resolve("emoji.json"), json);
            List<String> files = new ArrayList<>(
                    emoji.stream().map(e -> e[0].toLowerCase() + ".png").toList());
            files.add("1f600-1f3fb.png");
            for (String f : files) {
                BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
                image.setRGB(20, 20, Color.RED.getRGB());
                ImageIO.write(image, "png", images.resolve(f).toFile());
            }
        }
        return root;
    }

    @Test
    void buildsCategoryFoldersSplitByEmoji() throws Exception {
        Path packages = fakePackages();
        Path out = dir.resolve("tree");
        Result r = script(
                "--packages",
                packages.toString(),
                "--out",
                out.toString(),
                "--size",
                "16",
                "--test-fraction",
                "0.4",
                "--seed",
                "3");
        assertEquals(0, r.exit(), r.out() + r.err());
        for (String split : List.of("train", "test")) {
            try (Stream<Path> classes = Files.list(out.resolve(split))) {
                assertEquals(
                        List.of("01-smileys-and-emotion", "02-animals-and-nature"),
                        classes.map(p -> p.getFileName().toString()).sorted().toList(),
                        split);
            }
        }
        // every emoji on one side only, with all three drawings; 40 % of each category's emoji in test/
        Map<String, Set<String>> sidesOfEmoji = new HashMap<>();
        Map<String, Integer> drawings = new HashMap<>();
        Map<String, Integer> testEmoji = new HashMap<>();
        for (String split : List.of("train", "test")) {
            try (Stream<Path> files = Files.walk(out.resolve(split))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = f.getFileName().toString();
                    String emoji = name.substring(0, name.lastIndexOf('-'));
                    assertTrue(sidesOfEmoji
                                    .computeIfAbsent(emoji, k -> new HashSet<>())
                                    .add(split)
                            || true);
                    drawings.merge(emoji, 1, Integer::sum);
                    BufferedImage image = ImageIO.read(f.toFile());
                    assertEquals(16, image.getWidth());
                    if (split.equals("test") && name.endsWith("-apple.png")) {
                        testEmoji.merge(f.getParent().getFileName().toString(), 1, Integer::sum);
                    }
                }
            }
        }
        assertEquals(15, sidesOfEmoji.size(), "the 15 emoji of two categories, no component: " + sidesOfEmoji);
        sidesOfEmoji.forEach((emoji, sides) -> assertEquals(1, sides.size(), emoji + " is on both sides"));
        drawings.forEach((emoji, n) -> assertEquals(3, n, emoji + ": one drawing per vendor"));
        assertFalse(drawings.containsKey("1f600-1f3fb"), "no skin-tone variant");
        assertEquals(Map.of("01-smileys-and-emotion", 4, "02-animals-and-nature", 2), testEmoji);
        assertTrue(r.out().contains("02-animals-and-nature") && r.out().contains("train     9  test     6"), r.out());

        DatasetSplits<ImageList> read = ImageFolder.read(out, "emoji", DatasetOptions.defaults());
        assertEquals(2, read.train().numClasses());
        assertEquals(27, read.train().size());
        assertEquals(18, read.test().size());
    }

    @Test
    void aPackageWithoutEmojiJsonIsOneLineNamingIt() throws Exception {
        Path packages = fakePackages();
        Path missing = packages.resolve("node_modules/emoji-datasource-twitter/emoji.json");
        Files.delete(missing);
        Result r = script(
                "--packages", packages.toString(), "--out", dir.resolve("tree").toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(missing.toString()) && r.err().contains("emoji.json"), r.err());
        assertFalse(Files.exists(dir.resolve("tree/train")), "nothing written");
    }
}
