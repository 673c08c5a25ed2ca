package io.ftpscope.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/** Locates the shared read-only corpora and runs ftpscope in-process on their traces (results cached per run). */
final class Corpus {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Corpus() {
    }

    /** &lt;root&gt;/../shared/corpus/&lt;name&gt;; root comes from the ftpscope.root property the parent pom sets. */
    static Path dir(String name) {
        String root = System.getProperty("ftpscope.root");
        Assumptions.assumeTrue(root != null, "ftpscope.root not set (run through Maven)");
        Path p = Path.of(root).toAbsolutePath().normalize().resolve("../shared/corpus").resolve(name).normalize();
        assertTrue(Files.isDirectory(p), "shared corpus missing: " + p);
        return p;
    }

    /** Runs `ftpscope args...` and returns standard output; the exit code must be 0 or 1 (damaged input, results printed). */
    static String run(String... args) {
        return CACHE.computeIfAbsent(String.join("\u0000", args), k -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                rc = Main.run(args, o, e);
            }
            String errText = err.toString(StandardCharsets.UTF_8);
            assertTrue(rc == 0 || rc == 1, "ftpscope " + Arrays.toString(args) + " exited " + rc + ": " + errText);
            return out.toString(StandardCharsets.UTF_8);
        });
    }

    static JsonNode json(String... args) {
        try {
            return JSON.readTree(run(args));
        } catch (IOException e) {
            throw new AssertionError("ftpscope did not write valid JSON for " + Arrays.toString(args), e);
        }
    }

    /** Zeek ftp.log data rows (comment lines dropped), split on tabs. */
    static List<String[]> zeekRows(String text) {
        List<String[]> rows = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            rows.add(line.split("\t", -1));
        }
        return rows;
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + p, e);
        }
    }

    /** ISO-8601 (as ftpscope's JSON writes it) to Zeek's seconds.micros. */
    static String epoch(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() + "." + String.format("%06d", i.getNano() / 1000);
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
