package io.ftpscope.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A detached tmux session on a private server socket: a real terminal for the terminal view,
 * read back with {@code capture-pane}. tmux missing fails the test; it never skips.
 */
public final class Tmux implements AutoCloseable {
    private final String sock;
    private final String name;

    /** sock: the private server's name, unique per test run (the pid helps). */
    public Tmux(String sock, String name) {
        this.sock = sock;
        this.name = name;
    }

    /** Starts {@code command} through the shell in a w×h window whose shell starts in dir. */
    public void start(int w, int h, Path dir, String command) {
        tmux("-f", "/dev/null", "new-session", "-d", "-s", name, "-x", Integer.toString(w), "-y", Integer.toString(h), "-c",
                dir.toString(), command);
    }

    /** The screen as text, one line per row, no attributes. */
    public String pane() {
        return tmux("capture-pane", "-p", "-t", name);
    }

    /** The screen with its attributes as SGR escape sequences (reverse video, bold, colours). */
    public String paneWithAttributes() {
        return tmux("capture-pane", "-p", "-e", "-t", name);
    }

    /** Whether the program in the pane has switched to the alternate screen (full-screen programs do). */
    public boolean alternateScreen() {
        return tmux("display-message", "-p", "-t", name, "#{alternate_on}").trim().equals("1");
    }

    /** Appends everything the program writes to the terminal, escape sequences and all, to file. */
    public void recordOutput(Path file) {
        tmux("pipe-pane", "-o", "-t", name, "cat >> '" + file.toString().replace("'", "'\\''") + "'");
    }

    /** Keys by tmux name: "q", "Enter", "Escape", "C-c"... */
    public void keys(String... keys) {
        List<String> cmd = new ArrayList<>(List.of("send-keys", "-t", name));
        cmd.addAll(List.of(keys));
        tmux(cmd.toArray(String[]::new));
    }

    public void literal(String text) {
        tmux("send-keys", "-t", name, "-l", text);
    }

    public void resize(int w, int h) {
        tmux("resize-window", "-t", name, "-x", Integer.toString(w), "-y", Integer.toString(h));
    }

    /** Polls the screen until ok accepts it; fails with the last screen after the given time. */
    public String await(String what, Predicate<String> ok, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        String last = "";
        while (System.nanoTime() < end) {
            last = pane();
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(150);
        }
        fail("timed out waiting for " + what + "; the screen was:\n" + last);
        return last;
    }

    @Override
    public void close() {
        try {
            Process p = new ProcessBuilder("tmux", "-L", sock, "kill-server").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            // clean-up only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Single-quotes a word for the shell command given to {@link #start}. */
    public static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private String tmux(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", sock));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + String.join(" ", cmd));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + out);
            return out;
        } catch (IOException e) {
            fail("cannot run tmux (the terminal-view tests need it; .ci/run installs it): " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
            return null;
        }
    }
}
