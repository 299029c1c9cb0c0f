import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Builds a colour ImageFolder tree for jpegdl from the public emoji image packages emoji-datasource-apple, -twitter
 * and -facebook (npm registry, 64-pixel PNGs): one class per emoji category of the packages' emoji.json (in its
 * sort order: 01-smileys-and-emotion, 02-people-and-body, ...), split by emoji, not by image, so the drawings of one
 * emoji by the three vendors are all in train/ or all in test/. Only each emoji's default image is used: skin-tone
 * variants are left out, and so is the Component category (the skin-tone swatches and hair parts themselves).
 * Images are composited over white (the PNGs are transparent around the drawing) and resized to --size pixels.
 *
 * <p>The packages are fetched once with the ordinary npm client ({@code npm install --prefix CACHE}) into a cache
 * folder, or read from --packages DIR (a folder holding node_modules/emoji-datasource-VENDOR/). The tree is data:
 * keep it out of git.
 *
 * <p>Usage (Jackson from jpegdl's own build is on the class path):
 * <pre>
 * ./jpegdl --version    # builds cli/target/jpegdl.jar once
 * java -cp cli/target/jpegdl.jar scripts/EmojiImageFolder.java --out ~/data/emoji32 [--size 32]
 *     [--test-fraction 0.2] [--seed 0] [--cache ~/.cache/jpegdl/emoji | --packages DIR] [--version 16.0.0]
 * ./jpegdl train --dataset imagefolder --data ~/data/emoji32 --model resnet20
 * </pre>
 * Exit 2 with one line on bad input (an option, a package folder without emoji.json).
 */
public class EmojiImageFolder {

    /** The three vendors whose drawings are used (another vendor's set is held back as an independent check). */
    static final List<String> VENDORS = List.of("apple", "twitter", "facebook");
    /** The size of the images the packages ship that this script reads. */
    static final int SOURCE_PIXELS = 64;
    /** The category of skin-tone swatches and hair components: no emoji of their own. */
    static final String COMPONENT = "Component";

    /** A wrong input: one line, exit 2. */
    static final class UserError extends Exception {
        UserError(String message) {
            super(message);
        }
    }

    /** One emoji: its code points, image file name, category and place in the sort order. */
    record Emoji(String unified, String name, String image, String category, int sortOrder) {}

    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out));
        } catch (UserError e) {
            System.err.println("EmojiImageFolder: " + e.getMessage());
            System.exit(2);
        } catch (IOException | InterruptedException e) {
            System.err.println("EmojiImageFolder: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Builds the tree as {@code args} say; returns the exit code. */
    static int run(String[] args, PrintStream out) throws UserError, IOException, InterruptedException {
        Map<String, String> options = options(args);
        Path target = Path.of(required(options, "--out"));
        int size = integer(options, "--size", 32);
        double testFraction = fraction(options, "--test-fraction", 0.2);
        long seed = integer(options, "--seed", 0);
        String version = options.getOrDefault("--version", "16.0.0");
        Path packages;
        if (options.containsKey("--packages")) {
            packages = Path.of(options.get("--packages"));
        } else {
            packages = Path.of(options.getOrDefault("--cache",
                    System.getProperty("user.home") + "/.cache/jpegdl/emoji"));
            fetch(packages, version, out);
        }
        if (size < 8 || size > SOURCE_PIXELS) {
            throw new UserError("--size must be in 8.." + SOURCE_PIXELS + " pixels, got " + size);
        }
        if (Files.exists(target.resolve("train")) || Files.exists(target.resolve("test"))) {
            throw new UserError(target + " already holds train/ or test/: give an empty or new --out folder");
        }
        List<Emoji> emoji = read(packageFolder(packages, VENDORS.get(0)).resolve("emoji.json"));
        for (String vendor : VENDORS.subList(1, VENDORS.size())) {
            Path json = packageFolder(packages, vendor).resolve("emoji.json");
            if (!Files.isRegularFile(json)) {
                throw new UserError(json + ": missing (the package folder holds no emoji.json)");
            }
        }
        Map<String, List<Emoji>> byCategory = categories(emoji);
        Map<String, Integer> trainCounts = new LinkedHashMap<>();
        Map<String, Integer> testCounts = new LinkedHashMap<>();
        StringBuilder splitList = new StringBuilder("unified\tname\tcategory\tsplit\timages\n");
        int index = 0;
        for (Map.Entry<String, List<Emoji>> category : byCategory.entrySet()) {
            index++;
            String folder = String.format(Locale.ROOT, "%02d-%s", index, slug(category.getKey()));
            List<Emoji> shuffled = new ArrayList<>(category.getValue());
            Collections.shuffle(shuffled, new Random(seed * 1_000_003L + index));
            int test = testCount(shuffled.size(), testFraction);
            for (int i = 0; i < shuffled.size(); i++) {
                Emoji e = shuffled.get(i);
                String split = i < test ? "test" : "train";
                int written = 0;
                for (String vendor : VENDORS) {
                    Path png = packageFolder(packages, vendor).resolve("img").resolve(vendor)
                            .resolve(String.valueOf(SOURCE_PIXELS)).resolve(e.image());
                    if (!Files.isRegularFile(png)) {
                        continue;
                    }
                    Path to = target.resolve(split).resolve(folder).resolve(e.unified().toLowerCase(Locale.ROOT)
                            + "-" + vendor + ".png");
                    Files.createDirectories(to.getParent());
                    ImageIO.write(flattened(png, size), "png", to.toFile());
                    written++;
                }
                (split.equals("test") ? testCounts : trainCounts).merge(folder, written, Integer::sum);
                splitList.append(String.join("\t", e.unified(), e.name(), e.category(), split,
                        String.valueOf(written))).append('\n');
            }
        }
        Files.writeString(target.resolve("emoji-split.tsv"), splitList, StandardCharsets.UTF_8);
        out.printf(Locale.ROOT, "%s: %d emoji of %d categories, split by emoji (test share %.2f, seed %d), %d px:%n",
                target, emoji.size(), byCategory.size(), testFraction, seed, size);
        for (String folder : trainCounts.keySet()) {
            out.printf(Locale.ROOT, "  %-28s train %5d  test %5d images%n", folder, trainCounts.get(folder),
                    testCounts.getOrDefault(folder, 0));
        }
        out.printf(Locale.ROOT, "  %-28s train %5d  test %5d images%n", "all",
                trainCounts.values().stream().mapToInt(Integer::intValue).sum(),
                testCounts.values().stream().mapToInt(Integer::intValue).sum());
        return 0;
    }

    /** Fetches the three packages with npm into {@code cache}, unless they are there already. */
    static void fetch(Path cache, String version, PrintStream out) throws IOException, InterruptedException,
            UserError {
        boolean present = VENDORS.stream().allMatch(v -> Files.isRegularFile(packageFolder(cache, v)
                .resolve("emoji.json")));
        if (present) {
            return;
        }
        Files.createDirectories(cache);
        List<String> command = new ArrayList<>(List.of("npm", "install", "--prefix", cache.toString(), "--no-save",
                "--no-audit", "--no-fund", "--ignore-scripts"));
        VENDORS.forEach(v -> command.add("emoji-datasource-" + v + "@" + version));
        out.println("fetching with npm into " + cache + ": " + String.join(" ", command));
        Process npm;
        try {
            npm = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            throw new UserError("npm could not be started (" + e.getMessage() + "): install Node.js's npm, or give "
                    + "--packages DIR");
        }
        if (npm.waitFor() != 0) {
            throw new IOException("npm install failed (exit " + npm.exitValue() + ")");
        }
    }

    static Path packageFolder(Path packages, String vendor) {
        return packages.resolve("node_modules").resolve("emoji-datasource-" + vendor);
    }

    /** The emoji of emoji.json with their default image, the Component category left out. */
    static List<Emoji> read(Path json) throws UserError, IOException {
        if (!Files.isRegularFile(json)) {
            throw new UserError(json + ": missing (the package folder holds no emoji.json)");
        }
        JsonNode all;
        try {
            all = new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new UserError(json + ": not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (all == null || !all.isArray()) {
            throw new UserError(json + ": expected an array of emoji");
        }
        List<Emoji> out = new ArrayList<>();
        for (JsonNode e : all) {
            for (String field : List.of("unified", "image", "category", "sort_order")) {
                if (!e.hasNonNull(field)) {
                    throw new UserError(json + ": an emoji without \"" + field + "\"");
                }
            }
            if (e.get("category").asText().equals(COMPONENT)) {
                continue;
            }
            out.add(new Emoji(e.get("unified").asText(), e.path("name").asText(""), e.get("image").asText(),
                    e.get("category").asText(), e.get("sort_order").asInt()));
        }
        return out;
    }

    /** The emoji by category, the categories in the order of their first emoji's sort order. */
    static Map<String, List<Emoji>> categories(List<Emoji> emoji) {
        List<Emoji> sorted = new ArrayList<>(emoji);
        sorted.sort(Comparator.comparingInt(Emoji::sortOrder).thenComparing(Emoji::unified));
        Map<String, List<Emoji>> out = new LinkedHashMap<>();
        for (Emoji e : sorted) {
            out.computeIfAbsent(e.category(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    /** Emoji of a category that go to test/: the share, rounded, at least one when there are two or more. */
    static int testCount(int emoji, double fraction) {
        int n = (int) Math.round(emoji * fraction);
        return emoji < 2 ? 0 : Math.max(1, Math.min(emoji - 1, n));
    }

    /** "Smileys & Emotion" → "smileys-and-emotion". */
    static String slug(String category) {
        return category.toLowerCase(Locale.ROOT).replace("&", "and").replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "");
    }

    /** The PNG over white, resized to {@code size} × {@code size} by area averaging. */
    static BufferedImage flattened(Path png, int size) throws IOException {
        BufferedImage source = ImageIO.read(png.toFile());
        if (source == null) {
            throw new IOException(png + ": not an image ImageIO can read");
        }
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        g.drawImage(source.getScaledInstance(size, size, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return out;
    }

    private static Map<String, String> options(String[] args) throws UserError {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> known = List.of("--out", "--size", "--test-fraction", "--seed", "--cache", "--packages",
                "--version");
        for (int i = 0; i < args.length; i += 2) {
            if (!known.contains(args[i])) {
                throw new UserError("unknown option " + args[i] + "; known: " + String.join(", ", known));
            }
            if (i + 1 >= args.length) {
                throw new UserError(args[i] + " needs a value");
            }
            out.put(args[i], args[i + 1]);
        }
        if (out.containsKey("--cache") && out.containsKey("--packages")) {
            throw new UserError("--cache (fetch with npm) and --packages (already fetched) say different things: "
                    + "give one");
        }
        return out;
    }

    private static String required(Map<String, String> options, String name) throws UserError {
        String v = options.get(name);
        if (v == null) {
            throw new UserError(name + " is required (the folder the ImageFolder tree is written to)");
        }
        return v;
    }

    private static int integer(Map<String, String> options, String name, int fallback) throws UserError {
        try {
            return options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
        } catch (NumberFormatException e) {
            throw new UserError(name + " must be a whole number, got '" + options.get(name) + "'");
        }
    }

    private static double fraction(Map<String, String> options, String name, double fallback) throws UserError {
        double v;
        try {
            v = options.containsKey(name) ? Double.parseDouble(options.get(name)) : fallback;
        } catch (NumberFormatException e) {
            throw new UserError(name + " must be a number, got '" + options.get(name) + "'");
        }
        if (!(v > 0 && v < 1)) {
            throw new UserError(name + " must be in (0,1), got " + v);
        }
        return v;
    }
}
