package io.ftpscope.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the project's real captures through the ftpscope.root property set by the parent pom. */
public final class TestPaths {
    private TestPaths() {
    }

    public static Path root() {
        String r = System.getProperty("ftpscope.root");
        if (r == null || r.isBlank()) {
            throw new IllegalStateException("system property ftpscope.root is not set (run the tests through Maven)");
        }
        return Path.of(r).toAbsolutePath().normalize();
    }

    /** The shared zeek FTP traces; this corpus always exists. */
    public static Path zeekTraces() {
        Path p = root().resolve("../shared/corpus/zeek/traces").normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("shared corpus not found at " + p);
        }
        return p;
    }

    /** Files in dir whose names end with suffix, sorted; empty when dir does not exist. */
    public static List<Path> list(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(suffix) && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The zeek traces (*.pcap) and the project's own captures/*.pcap when that directory exists. */
    public static List<Path> realPcaps() {
        return Stream.concat(list(zeekTraces(), ".pcap").stream(), list(root().resolve("captures"), ".pcap").stream()).toList();
    }

    /** Runs an external tool and returns its stdout; fails the test on a non-zero exit. */
    public static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes());
            int rc = p.waitFor();
            if (rc != 0) {
                throw new AssertionError(String.join(" ", cmd) + " exited with " + rc + ": " + err);
            }
            return new String(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** True when the named program can be started (e.g. editcap, capinfos). */
    public static boolean haveTool(String name) {
        try {
            Process p = new ProcessBuilder(name, "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
