package org.netspec.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.netspec.device.DeviceLoader;
import org.netspec.device.DeviceProfile;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.Limits;
import org.netspec.spec.NetworkSpec;
import org.netspec.spec.SourceLocation;
import org.netspec.spec.SpecException;
import org.netspec.spec.SpecLoader;
import org.netspec.spec.VisibleText;
import org.netspec.sweep.Domain;
import org.netspec.sweep.Evaluator;
import org.netspec.sweep.Outcome;
import org.netspec.sweep.ResultCodec;
import org.netspec.sweep.SweepLoader;
import org.netspec.sweep.SweepResult;
import org.netspec.sweep.SweepRun;
import org.netspec.sweep.SweepSpec;
import org.netspec.sweep.Variants;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sweep FILE}: evaluates every variant of a sweep file (or a shard's share) into
 * {@code --out}: {@code sweep.json} (what was asked), {@code variants.jsonl} (one line per
 * variant, appended as they finish, so an interrupted run resumes where it stopped),
 * {@code variants.csv} and {@code front.csv}; prints the rejections and the Pareto front.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, subcommands = Sweep.Merge.class,
        description = "Evaluate the variants of a sweep file under its constraints and print the Pareto front of its "
                + "objectives; results go to --out as JSON Lines and CSV.")
final class Sweep implements Callable<Integer> {
    static final String MANIFEST = "sweep.json";
    static final String LINES = "variants.jsonl";

    @Spec
    CommandSpec spec;

    // Neither FILE nor --out is required by picocli: it would then demand them before `sweep merge`.
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the sweep file")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "directory for the results, required (resumed when it "
            + "holds an interrupted run of the same sweep)")
    Path out;

    @Option(names = "--shard", paramLabel = "I/N", description = "evaluate only the variants whose index mod N is I (0-based)")
    String shard;

    @Option(names = "--max-variants", paramLabel = "N", defaultValue = "100000",
            description = "refuse a sweep with more variants (default ${DEFAULT-VALUE})")
    long maxVariants;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: one per core)")
    Integer threads;

    @Option(names = "--timing", description = "also print the variants per second of the evaluation phase (from the "
            + "first variant started to the last one written, JVM start and loading excluded)")
    boolean timing;

    @Mixin
    LimitOptions limitOptions;

    @Mixin
    ProfileOption profileOption;

    @Mixin
    DeviceOption deviceOption;

    @Override
    public Integer call() throws Exception {
        if (file == null || out == null) {
            throw new UsageException("sweep needs a sweep FILE and --out DIR (or: sweep merge --out DIR SHARD_DIR...)");
        }
        int[] share = shard();
        Limits limits = limitOptions.limits();
        SweepSpec sweep = SweepLoader.load(file, limits);
        long count;
        try {
            count = Variants.count(sweep.params());
        } catch (Domain.Invalid e) {
            throw new SpecException(e.diagnostic());
        }
        if (count > maxVariants) {
            SourceLocation at = sweep.params().isEmpty() ? SourceLocation.ofFile(sweep.file()) : sweep.params().get(0).location();
            throw new SpecException(Diagnostic.error(at, "the sweep has " + (count == Long.MAX_VALUE ? "more than 2^63" : count)
                    + " variants, more than --max-variants " + maxVariants + " (raise it to run them all)"));
        }
        if (count == 0) {
            throw new SpecException(Diagnostic.error(sweep.params().get(0).location(), "the sweep has no variants: a conditional "
                    + "domain is empty for every value of the parameter it reads"));
        }
        NetworkSpec network = SpecLoader.load(sweep.spec(), limits, limitOptions.importRoots(sweep.spec()));
        DeviceProfile device = device(sweep);
        Evaluator evaluator = new Evaluator(sweep, network, limits, profileOption.profile, device);
        SweepResult.Manifest manifest = SweepResult.Manifest.of(sweep, count, device == null ? null : device.name());
        Set<Long> done = prepare(out, manifest);
        int workers = threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors();
        long todo = 0;
        for (long i = 0; i < count; i++) {
            if (SweepRun.inShard(i, share[0], share[1]) && !done.contains(i)) {
                todo++;
            }
        }
        long started;
        try (BufferedWriter lines = Files.newBufferedWriter(out.resolve(LINES), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Progress progress = Progress.of("sweep " + sweep.name(), todo)) {
            started = System.nanoTime();
            SweepRun.run(evaluator, Variants.all(sweep.params()), share[0], share[1], done, workers, o -> {
                try {
                    lines.write(ResultCodec.line(o));
                    lines.write('\n');
                    lines.flush();
                } catch (IOException e) {
                    throw new UsageException("cannot write " + out.resolve(LINES) + ": " + e.getMessage());
                }
                progress.step(o.passed() ? "passed" : "rejected");
            });
        }
        long evaluated = System.nanoTime() - started;
        finish(out, manifest, read(out).outcomes(), spec.commandLine().getOut());
        if (timing) {
            spec.commandLine().getOut().printf(Locale.ROOT, "evaluated %d variants in %.2f s on %d thread%s: %.1f variants/s%n", todo,
                    evaluated / 1e9, workers, workers == 1 ? "" : "s", todo / Math.max(1e-9, evaluated / 1e9));
        }
        return 0;
    }

    /**
     * The device of latency_ms: --device, else the file's {@code device:} (a file beside the sweep
     * file, or a name in specs/devices/); null with neither.
     */
    private DeviceProfile device(SweepSpec sweep) throws SpecException {
        Optional<DeviceProfile> given = deviceOption.profile();
        if (given.isPresent() || sweep.device() == null) {
            return given.orElse(null);
        }
        Path beside = sweep.file().getParent().resolve(sweep.device());
        Path library = Path.of("specs", "devices", sweep.device() + ".yaml");
        if (!Files.exists(beside) && !sweep.device().contains("/") && Files.isRegularFile(library)) {
            return DeviceLoader.load(library);
        }
        if (!Files.isRegularFile(beside)) {
            throw new SpecException(Diagnostic.error(sweep.deviceAt(), "no device profile `" + sweep.device() + "`: neither "
                    + beside + " nor " + library + " exists"));
        }
        return DeviceLoader.load(beside);
    }

    private int[] shard() {
        if (shard == null) {
            return new int[] {0, 1};
        }
        String[] parts = shard.split("/", -1);
        try {
            int i = Integer.parseInt(parts[0].trim());
            int n = Integer.parseInt(parts[1].trim());
            if (parts.length == 2 && n >= 1 && i >= 0 && i < n) {
                return new int[] {i, n};
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // reported below
        }
        throw new UsageException("--shard " + shard + ": expected I/N with 0 <= I < N, such as 0/4");
    }

    /**
     * Makes the directory ready and returns the variants an interrupted run already wrote; a
     * truncated last line (the run stopped while writing it) is cut off.
     */
    private static Set<Long> prepare(Path dir, SweepResult.Manifest manifest) throws IOException {
        String text = ResultCodec.manifest(manifest);
        Path m = dir.resolve(MANIFEST);
        Set<Long> done = new HashSet<>();
        if (Files.exists(m)) {
            if (!Files.readString(m, StandardCharsets.UTF_8).equals(text)) {
                throw new UsageException("--out " + dir + " holds the results of another sweep; choose another directory");
            }
            Path lines = dir.resolve(LINES);
            if (Files.exists(lines)) {
                String all = Files.readString(lines, StandardCharsets.UTF_8);
                int kept = 0;
                for (int start = 0, end; (end = all.indexOf('\n', start)) >= 0; start = end + 1) {
                    try {
                        done.add(ResultCodec.outcome(all.substring(start, end)).index());
                        kept = end + 1;
                    } catch (IllegalArgumentException e) {
                        break;
                    }
                }
                if (kept < all.length()) {
                    Files.writeString(lines, all.substring(0, kept), StandardCharsets.UTF_8);
                }
            }
            return done;
        }
        if (Files.isDirectory(dir) && Files.list(dir).findAny().isPresent()) {
            throw new UsageException("--out " + dir + " is not empty and holds no sweep results; choose another directory");
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(LINES));
        OutputDirectory.writeFile(m, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        return done;
    }

    /** The results in a directory, by index. */
    static SweepResult read(Path dir) throws IOException {
        Path m = dir.resolve(MANIFEST);
        if (!Files.exists(m)) {
            throw new UsageException(dir + " holds no sweep results (no " + MANIFEST + ")");
        }
        SweepResult.Manifest manifest;
        try {
            manifest = ResultCodec.manifest(Files.readString(m, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new UsageException(m + ": " + e.getMessage());
        }
        List<Outcome> outcomes = new ArrayList<>();
        Path lines = dir.resolve(LINES);
        if (Files.exists(lines)) {
            int n = 0;
            for (String line : Files.readAllLines(lines, StandardCharsets.UTF_8)) {
                n++;
                try {
                    outcomes.add(ResultCodec.outcome(line));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(lines + ":" + n + ": " + e.getMessage());
                }
            }
        }
        outcomes.sort(Comparator.comparingLong(Outcome::index));
        return new SweepResult(manifest, outcomes);
    }

    /** Writes the ordered JSON Lines and the CSV tables, and prints the summary. */
    static void finish(Path dir, SweepResult.Manifest manifest, List<Outcome> outcomes, PrintWriter print) throws IOException {
        SweepResult result = new SweepResult(manifest, outcomes);
        StringBuilder lines = new StringBuilder();
        outcomes.forEach(o -> lines.append(ResultCodec.line(o)).append('\n'));
        List<Outcome> front = result.front();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MANIFEST, ResultCodec.manifest(manifest).getBytes(StandardCharsets.UTF_8));
        files.put(LINES, lines.toString().getBytes(StandardCharsets.UTF_8));
        files.put("variants.csv", ResultCodec.csv(manifest, outcomes).getBytes(StandardCharsets.UTF_8));
        files.put("front.csv", ResultCodec.csv(manifest, front).getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            OutputDirectory.writeFile(dir.resolve(f.getKey()), out -> out.write(f.getValue()));
        }
        SweepSummary.print(result, front, print);
        print.println(VisibleText.escape("wrote " + dir.resolve(LINES) + ", variants.csv and front.csv"));
    }

    /** {@code sweep merge}: joins the result directories of a sweep's shards. */
    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Join the results of a sweep's shards into one directory, as a single run would have written them.")
    static final class Merge implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for the merged results")
        Path out;

        @Parameters(paramLabel = "SHARD_DIR", arity = "1..*", description = "result directories of the shards")
        List<Path> shards;

        @Override
        public Integer call() throws Exception {
            SweepResult.Manifest manifest = null;
            Map<Long, Outcome> all = new LinkedHashMap<>();
            for (Path dir : shards) {
                SweepResult r = read(dir);
                if (manifest != null && !ResultCodec.manifest(manifest).equals(ResultCodec.manifest(r.manifest()))) {
                    throw new UsageException(dir + " holds the results of another sweep than " + shards.get(0));
                }
                manifest = r.manifest();
                for (Outcome o : r.outcomes()) {
                    if (all.put(o.index(), o) != null) {
                        throw new UsageException("variant " + o.index() + " is in more than one shard (" + dir + ")");
                    }
                }
            }
            List<Outcome> outcomes = new ArrayList<>(all.values());
            outcomes.sort(Comparator.comparingLong(Outcome::index));
            if (Files.isDirectory(out) && Files.list(out).findAny().isPresent() && !Files.exists(out.resolve(MANIFEST))) {
                throw new UsageException("--out " + out + " is not empty and holds no sweep results; choose another directory");
            }
            Files.createDirectories(out);
            finish(out, manifest, outcomes, spec.commandLine().getOut());
            return 0;
        }
    }
}
