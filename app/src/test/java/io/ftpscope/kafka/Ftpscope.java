package io.ftpscope.kafka;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The shaded jar as a user runs it (the launcher's 512 MiB heap): its own JVM, so "no hang" means the process really ended. */
final class Ftpscope {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Ftpscope() {
    }

    /** One finished run: exit code, both streams, and how long the process lived. */
    record Run(int code, String out, String err, long millis) {
        List<String> lines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static String jar() {
        String j = System.getProperty("ftpscope.jar");
        assertTrue(j != null && new File(j).isFile(), "the shaded jar is missing (" + j + "): run through `mvn verify`");
        return j;
    }

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-jar", jar()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs to the end; fails the test if the process is still alive after {@code maxSeconds}. */
    static Run run(Path dir, long maxSeconds, String... args) throws IOException, InterruptedException {
        return await(start(dir, args), dir, maxSeconds);
    }

    /** Runs to the end with {@code stdin} as standard input. */
    static Run run(Path dir, long maxSeconds, Path stdin, String... args) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(command(args)).redirectInput(stdin.toFile()).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).start();
        return await(p, dir, maxSeconds);
    }

    static Process start(Path dir, String... args) throws IOException {
        Files.createDirectories(dir);
        return new ProcessBuilder(command(args)).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
    }

    static Run await(Process p, Path dir, long maxSeconds) throws IOException, InterruptedException {
        long t0 = p.info().startInstant().map(i -> i.toEpochMilli()).orElse(System.currentTimeMillis());
        boolean done = p.waitFor(maxSeconds, TimeUnit.SECONDS);
        long ms = System.currentTimeMillis() - t0;
        if (!done) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("ftpscope still running after " + maxSeconds + " s (it hung); stderr:\n"
                    + Files.readString(dir.resolve("err")));
        }
        return new Run(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8), ms);
    }

    /** The `session` field of a JSONL event (null for stats and unlinked connections). */
    static String session(String line) {
        try {
            JsonNode s = JSON.readTree(line).get("session");
            return s == null || s.isNull() ? null : s.asText();
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
        }
    }
}
