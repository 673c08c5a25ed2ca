package io.ftpscope.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.testutil.Project;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The password of captures/manifest.json never appears in any output of any command unless
 * --show-passwords is given. Formats are discovered by trying them, so formats added later (JSONL,
 * HTML, ...) are covered as soon as the command accepts them.
 */
class SecretsTest {
    /** Formats that may exist; the ones a command rejects are skipped (and at least the known ones must exist). */
    private static final List<String> CANDIDATE_FORMATS = List.of("text", "json", "zeek", "jsonl", "html", "table", "csv", "eve", "tui");
    /** Formats that print PASS arguments when asked to. */
    private static final Set<String> SHOWS_PASSWORDS = Set.of("text", "json", "zeek", "jsonl", "html");

    static String password;
    static List<String> files = new ArrayList<>();

    @BeforeAll
    static void captures() throws IOException {
        password = new ObjectMapper().readTree(Project.captures().resolve("manifest.json").toFile()).path("password").asText();
        assertTrue(password.length() >= 6, "manifest.json names the password");
        try (Stream<Path> s = Files.list(Project.captures())) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if ((n.endsWith(".pcap") || n.endsWith(".pcapng") || n.endsWith(".pcap.gz")) && contains(p, password)) {
                    files.add(p.toString());
                }
            }
        }
        assertTrue(files.size() >= 10, "captures carrying the password in clear: " + files);
    }

    private static boolean contains(Path p, String needle) {
        try {
            byte[] b = Files.readAllBytes(p);
            if (p.toString().endsWith(".gz")) {
                b = new GZIPInputStream(new ByteArrayInputStream(b)).readAllBytes();
            }
            return new String(b, StandardCharsets.ISO_8859_1).contains(needle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> formats(String command) {
        List<String> ok = new ArrayList<>();
        for (String f : CANDIDATE_FORMATS) {
            Project.Run r = Project.run(command, "--format", f, files.get(0));
            if (!(r.code() == 2 && r.err().contains("unknown format"))) {
                ok.add(f);
            }
        }
        return ok;
    }

    private static List<String> args(String command, String format, boolean show) {
        List<String> a = new ArrayList<>(List.of(command, "--format", format));
        if (show) {
            a.add("--show-passwords");
        }
        a.addAll(files);
        return a;
    }

    @Test
    void readNeverShowsThePasswordUnlessAsked() {
        List<String> formats = formats("read");
        assertTrue(formats.containsAll(List.of("text", "json", "zeek")), "read formats found: " + formats);
        for (String f : formats) {
            Project.Run hidden = Project.run(args("read", f, false).toArray(String[]::new));
            assertEquals(0, hidden.code(), f + ": " + hidden.err());
            assertFalse(hidden.out().contains(password) || hidden.err().contains(password), "read --format " + f + " shows the password");
            assertTrue(hidden.out().contains("PASS") || f.equals("zeek"), f + ": the PASS commands are there, masked");
            Project.Run shown = Project.run(args("read", f, true).toArray(String[]::new));
            assertEquals(0, shown.code(), f + " --show-passwords: " + shown.err());
            if (SHOWS_PASSWORDS.contains(f)) {
                assertTrue(shown.out().contains(password), "read --format " + f + " --show-passwords shows it");
            }
        }
    }

    @Test
    void explainAndLadderNeverShowThePassword() {
        List<String> a = new ArrayList<>(List.of("explain", "--ladder"));
        a.addAll(files);
        Project.Run r = Project.run(a.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("PASS"), "the login is explained");
        assertFalse(r.out().contains(password) || r.err().contains(password), "explain shows the password");
    }

    @Test
    void htmlReportNeverShowsThePasswordUnlessAsked() throws IOException {
        java.nio.file.Path html = java.nio.file.Files.createTempFile("secrets", ".html");
        try {
            for (boolean show : new boolean[] {false, true}) {
                List<String> a = new ArrayList<>(List.of("report", "-o", html.toString()));
                if (show) {
                    a.add("--show-passwords");
                }
                a.addAll(files);
                Project.Run r = Project.run(a.toArray(String[]::new));
                assertEquals(0, r.code(), r.err());
                String page = java.nio.file.Files.readString(html);
                assertEquals(show, page.contains(password), "report " + (show ? "with" : "without") + " --show-passwords");
                assertFalse(r.out().contains(password) || r.err().contains(password));
            }
        } finally {
            java.nio.file.Files.deleteIfExists(html);
        }
    }

    @Test
    void streamsNeverShowsPayload() {
        List<String> formats = formats("streams");
        assertTrue(formats.containsAll(List.of("table", "json")), "streams formats found: " + formats);
        for (String f : formats) {
            Project.Run r = Project.run(args("streams", f, false).toArray(String[]::new));
            assertEquals(0, r.code(), f + ": " + r.err());
            assertFalse(r.out().contains(password) || r.err().contains(password), "streams --format " + f + " shows the password");
        }
    }
}
