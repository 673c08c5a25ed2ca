package io.ftpscope.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs commands for the live tests; a missing tool or a failing command fails the test, never skips it. */
final class Sh {
    private Sh() {
    }

    record Result(int code, String out) {
    }

    static Result run(long timeoutSec, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(timeoutSec, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out after " + timeoutSec + " s: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            fail("cannot run " + cmd[0] + " (is it installed? .ci/run installs it): " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
            return null;
        }
    }

    /** Runs and requires exit status 0. */
    static String ok(String... cmd) {
        Result r = run(60, cmd);
        assertEquals(0, r.code(), () -> String.join(" ", cmd) + " failed:\n" + r.out());
        return r.out();
    }

    /** Runs, ignoring failures (clean-up). */
    static void quiet(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            // clean-up only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void requireRoot() {
        String uid = ok("id", "-u").trim();
        assertEquals("0", uid, "the live-capture tests need root (network namespaces, vsftpd, capture): CI runs them as root");
    }

    static void requireTools(List<String> tools) {
        for (String t : tools) {
            Result r = run(10, "sh", "-c", "command -v " + t);
            assertTrue(r.code() == 0, "required tool '" + t + "' is missing: .ci/run installs it");
        }
    }
}
