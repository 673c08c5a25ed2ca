package io.ftpscope.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.testutil.TestPaths;
import io.ftpscope.testutil.Tmux;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `ftpscope read --tui` in a real terminal (tmux): monochrome terminals, leaving with Ctrl-C or q,
 * and saving a session with `w`. Expected values come from captures/manifest.json, which says how
 * the captures were made.
 */
class TerminalViewTmuxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SGR = Pattern.compile("\u001b\\[([0-9;]*)m");
    private static int runs;

    @TempDir
    Path tmp;

    private static Path capture(String name) {
        Path p = TestPaths.root().resolve("captures").resolve(name);
        assertTrue(Files.isRegularFile(p), "missing " + p);
        return p;
    }

    private static JsonNode manifest() throws Exception {
        return JSON.readTree(TestPaths.root().resolve("captures/manifest.json").toFile());
    }

    /** Starts `read --tui FILE` with the given environment words before java; then the exit status and the tty's modes. */
    private Tmux view(String env, Path pcap) {
        Tmux t = new Tmux("ftpscope-tv-" + ProcessHandle.current().pid() + "-" + runs++, "v");
        String java = ProcessHandle.current().info().command().orElse("java");
        // The short sleep lets recordOutput() attach before the view draws its first frame.
        t.start(120, 40, tmp, "sleep 0.3; env -u NO_COLOR " + env + " " + Tmux.q(java) + " -cp " + Tmux.q(System.getProperty("java.class.path"))
                + " io.ftpscope.cli.Main read --tui " + Tmux.q(pcap.toString())
                + "; echo EXIT=$?; stty -a | tr ' ' '\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo; sleep 120");
        return t;
    }

    /** SGR parameters that set a colour: 30-37/40-47 and bright 90-97/100-107, 38/48 (256 and RGB). 39/49 only reset to default. */
    private static Set<Integer> colourParams(String text) {
        Set<Integer> out = new TreeSet<>();
        Matcher m = SGR.matcher(text);
        while (m.find()) {
            String[] ps = m.group(1).split(";");
            for (int i = 0; i < ps.length; i++) {
                if (ps[i].isEmpty()) {
                    continue;
                }
                int p = Integer.parseInt(ps[i]);
                if (p == 38 || p == 48) {
                    out.add(p);
                    break; // the rest are its arguments
                }
                if (p >= 30 && p <= 37 || p >= 40 && p <= 47 || p >= 90 && p <= 97 || p >= 100 && p <= 107) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Whether reverse video (SGR 7) is on at the first visible character of the line. */
    private static boolean reversed(String lineWithEscapes) {
        boolean on = false;
        int i = 0;
        Matcher m = SGR.matcher(lineWithEscapes);
        while (m.find(i) && m.start() == i) {
            for (String p : m.group(1).split(";")) {
                if (p.isEmpty() || p.equals("0") || p.equals("27")) {
                    on = false;
                } else if (p.equals("7")) {
                    on = true;
                }
            }
            i = m.end();
        }
        return on;
    }

    private static String row(String screenWithEscapes, String startsWith) {
        return screenWithEscapes.lines().filter(l -> SGR.matcher(l).replaceAll("").startsWith(startsWith)).findFirst()
                .orElseThrow(() -> new AssertionError("no row starting '" + startsWith + "':\n" + screenWithEscapes));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TERM=vt100", "TERM=xterm-mono", "TERM=xterm-256color NO_COLOR=1"})
    void monochromeTerminalsShowTheSelectionInReverseVideoWithoutColour(String env) throws Exception {
        Path raw = tmp.resolve("raw.out");
        try (Tmux t = view(env, capture("parallel-sessions.pcap"))) {
            t.recordOutput(raw);
            t.await("both sessions read", s -> s.contains("(input ended)") && s.contains("sessions 2"), 30);
            t.keys("k"); // select S1, the first row; S2 is not selected
            String plain = t.await("S1 selected", s -> s.contains("-- S1 "), 5);
            assertFalse(plain.contains("\u001b") || plain.contains("[0m") || plain.contains("[7m") || plain.contains("[39m"),
                    "escape sequences leaked onto the screen:\n" + plain);
            List<String> lines = plain.lines().toList();
            assertTrue(lines.get(0).contains("ftpscope") && lines.get(0).contains("q quit"), "title bar:\n" + plain);
            assertTrue(lines.get(lines.size() - 1).contains("packets ") && lines.get(lines.size() - 1).contains("sessions 2"),
                    "status bar:\n" + plain);

            String attrs = t.paneWithAttributes();
            assertTrue(reversed(row(attrs, "S1 ")), "the selected row is in reverse video:\n" + attrs);
            assertFalse(reversed(row(attrs, "S2 ")), "only the selected row is:\n" + attrs);
            assertTrue(reversed(row(attrs, " ftpscope")), "the title bar stands out without colour");
            assertTrue(reversed(attrs.lines().reduce((a, b) -> b).orElseThrow()), "the status bar stands out without colour");
            assertEquals(Set.of(), colourParams(attrs), "colours on screen under " + env);

            t.keys("q");
            t.await("exit", s -> s.contains("EXIT=0"), 20);
        }
        String out = Files.readString(raw, StandardCharsets.ISO_8859_1);
        assertTrue(out.contains("\u001b[7m"), "the view drew reverse video");
        assertEquals(Set.of(), colourParams(out), "colour escape sequences sent under " + env);
    }

    /** The control case for the test above: the same screen on a colour terminal does use colour (an empty NO_COLOR is unset). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TERM=xterm-256color", "TERM=xterm-256color NO_COLOR="})
    void colourTerminalGetsColour(String env) throws Exception {
        Path raw = tmp.resolve("raw.out");
        try (Tmux t = view(env, capture("parallel-sessions.pcap"))) {
            t.recordOutput(raw);
            t.await("both sessions read", s -> s.contains("(input ended)") && s.contains("sessions 2"), 30);
            assertFalse(colourParams(t.paneWithAttributes()).isEmpty(), t.paneWithAttributes());
            t.keys("q");
            t.await("exit", s -> s.contains("EXIT=0"), 20);
        }
        assertFalse(colourParams(Files.readString(raw, StandardCharsets.ISO_8859_1)).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"C-c", "q"})
    void leavingRestoresTheTerminalAndPrintsTheSummary(String key) throws Exception {
        try (Tmux t = view("TERM=xterm-256color", capture("passive-pasv.pcap"))) {
            t.await("the session", s -> s.contains("(input ended)") && s.contains("sessions 1"), 30);
            assertTrue(t.alternateScreen(), "the view runs on the alternate screen");
            t.keys(key);
            String after = t.await("the summary", s -> s.contains("EXIT="), 20);
            assertTrue(after.contains("EXIT=0"), after);
            assertTrue(after.matches("(?s).*packets: [\\d,]+ read, [\\d,]+ decoded as TCP.*\ntcp: 2 connections, 0 gaps.*"), after);
            assertTrue(after.contains("icanon echo"), "the terminal is back in cooked mode with echo:\n" + after);
            assertFalse(t.alternateScreen(), "the alternate screen was left");
            assertFalse(after.contains("? help") || after.contains("(input ended)"), "the view's screen is gone:\n" + after);
        }
    }

    @Test
    void wSavesTheSelectedSessionAsTextAndJsonWithThePasswordMasked() throws Exception {
        JsonNode m = manifest();
        String password = m.get("password").asText();
        JsonNode transfers = m.get("captures").get("parallel-sessions.pcap").get("transfers");
        try (Tmux t = view("TERM=xterm-256color", capture("parallel-sessions.pcap"))) {
            t.await("both sessions read", s -> s.contains("(input ended)") && s.contains("sessions 2"), 30);
            t.keys("k");
            t.await("S1 selected", s -> s.contains("-- S1 "), 5);

            t.keys("w");
            t.await("the save prompt", s -> s.contains("save the timeline as (t)ext or (j)son?"), 5);
            t.keys("Escape");
            t.await("prompt cancelled", s -> s.contains("packets ") && !s.contains("save the timeline as"), 5);
            try (var files = Files.list(tmp)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("ftpscope-")), "Esc saved a file");
            }

            Pattern saved = Pattern.compile("saved S1 to (\\S+)");
            List<Path> written = new ArrayList<>();
            for (String kind : List.of("t", "j")) {
                t.keys("w");
                t.await("the save prompt", s -> s.contains("save the timeline as (t)ext or (j)son?"), 5);
                t.keys(kind);
                Matcher sm = saved.matcher(t.await("the saved message", s -> saved.matcher(s).find(), 5));
                assertTrue(sm.find());
                Path f = tmp.resolve(sm.group(1)); // relative to the view's working directory, as the message says
                assertTrue(Files.isRegularFile(f), f.toString());
                written.add(f);
            }

            String text = Files.readString(written.get(0));
            Matcher retr = Pattern.compile("> RETR (\\S+)").matcher(text);
            assertTrue(retr.find(), text);
            String path = retr.group(1);
            JsonNode want = null;
            for (JsonNode x : transfers) {
                if (x.get("path").asText().equals(path)) {
                    want = x;
                }
            }
            assertTrue(want != null, path + " is not a transfer of the manifest");
            assertFalse(retr.find(), "one transfer per session:\n" + text);
            for (String line : List.of("Session S1  ", "> USER " + m.get("user").asText(), "> PASS ****", "> " + want.get("via").asText(),
                    "RETR " + path + "  download  passive/" + want.get("via").asText(),
                    String.format("%,d bytes of %,d  complete", want.get("bytes").asLong(), want.get("bytes").asLong()))) {
                assertTrue(text.contains(line), "'" + line + "' in\n" + text);
            }

            JsonNode doc = JSON.readTree(written.get(1).toFile());
            assertEquals("S1", doc.get("id").asText());
            assertEquals(m.get("user").asText(), doc.get("user").asText());
            List<String> tl = new ArrayList<>();
            doc.get("timeline").forEach(e -> tl.add(e.get("text").asText()));
            assertTrue(tl.contains("> PASS ****") && tl.contains("> RETR " + path), tl.toString());
            assertEquals(want.get("bytes").asLong(), doc.get("transfers").get(0).get("bytes").asLong());
            assertEquals("complete", doc.get("transfers").get(0).get("status").asText());
            for (Path f : written) {
                assertFalse(Files.readString(f).contains(password), "the password reached " + f);
            }
            t.keys("q");
        }
    }
}
