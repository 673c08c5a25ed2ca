package io.ftpscope.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.ftpscope.testutil.Tmux.q;

import io.ftpscope.session.Diagnostic;
import io.ftpscope.testutil.Tmux;
import io.ftpscope.testutil.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The terminal view shows diagnostics: `ftpscope read --tui` runs in a real terminal (tmux, 120x40)
 * and the screen is read with `tmux capture-pane`. tmux missing fails the test; it never skips.
 */
class TuiDiagnosticsTest {

    @Test
    void readTuiShowsDiagnosticsAndExplains() throws Exception {
        Path pcap = TestPaths.root().resolve("captures/active-blocked.pcap");
        assertTrue(Files.isRegularFile(pcap), "missing " + pcap);
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        String cmd = q(java) + " -cp " + q(cp) + " io.ftpscope.cli.Main read --tui " + q(pcap.toString())
                + "; echo EXIT=$?; sleep 120";
        try (Tmux tmux = new Tmux("ftpscope-tui-" + ProcessHandle.current().pid(), "v")) {
            tmux.start(120, 40, pcap.getParent(), cmd);
            tmux.await("the finished session", s -> s.contains("(input ended)") && s.contains("session ended"), 30);
            tmux.keys("j"); // select the (only) session explicitly
            String screen = tmux.await("the diagnostics section", s -> s.contains("Diagnostics")
                    && s.contains("[error] active-connect-blocked:")
                    && s.contains("fix: Let the server's connection in on the client side"), 10);
            // the sessions pane marks the session that has an error diagnostic
            assertTrue(screen.lines().anyMatch(l -> l.startsWith("S1 ") && l.contains("! closed")), screen);
            // wrapped to the pane: no line is cut with the `~` of an over-long line
            assertTrue(screen.lines().filter(l -> l.contains("fix:")).noneMatch(l -> l.endsWith("~")), screen);
            assertTrue(screen.contains("passive mode (PASV/EPSV)"), "the fix is wrapped, not cut:\n" + screen);
            // the password of captures/manifest.json never reaches the screen
            String password = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(TestPaths.root().resolve("captures/manifest.json").toFile()).get("password").asText();
            assertTrue(!screen.contains(password) && screen.lines().filter(l -> l.contains("PASS ")).allMatch(l -> l.contains("PASS ****")),
                    "PASS is masked on screen:\n" + screen);

            tmux.keys("e");
            tmux.await("the explanation", s -> s.contains("[explain:") && s.contains("How active mode works")
                    && s.contains("active mode") && s.contains("Transfer 1: RETR blocked.bin"), 10);
            tmux.keys("e");
            tmux.await("back to the timeline", s -> !s.contains("[explain:") && s.contains("Diagnostics"), 10);

            tmux.keys("q");
            String after = tmux.await("the summary", s -> s.contains("EXIT="), 20);
            assertTrue(after.contains("EXIT=0"), after);
        }
    }

    @Test
    void diagnosticLinesWrapToThePane() {
        Diagnostic d = new Diagnostic("active-connect-blocked", "error", "word ".repeat(40).strip(), "fix ".repeat(30).strip(),
                List.of(1L));
        List<String[]> lines = Renderer.diagnosticLines(List.of(d), 60);
        assertEquals("Diagnostics", lines.get(0)[1]);
        assertTrue(lines.get(1)[1].startsWith(" [error] active-connect-blocked: word"));
        assertTrue(lines.stream().anyMatch(l -> l[1].startsWith("   fix: fix")));
        assertTrue(lines.stream().allMatch(l -> l[1].length() <= 60), "a line is wider than the pane");
        List<String> words = lines.stream().flatMap(l -> java.util.Arrays.stream(l[1].strip().split(" +"))).toList();
        assertEquals(40, words.stream().filter("word"::equals).count(), "no word lost");
        assertEquals(30, words.stream().filter("fix"::equals).count(), "no word lost");
        assertTrue(Renderer.diagnosticLines(List.of(), 60).isEmpty());
        assertTrue(Renderer.wrap("", "", "x".repeat(130), 50).stream().allMatch(l -> l.length() <= 50));
    }
}
