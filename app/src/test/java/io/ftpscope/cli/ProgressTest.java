package io.ftpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.testutil.Project;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress bar is for people at a terminal: never in logs, pipes or tests unless forced. */
class ProgressTest {
    static String capture() {
        return Project.captures().resolve("passive-pasv.pcap").toString();
    }

    @Test
    void silentWhenStderrIsNotATerminal() {
        // Under Maven, fd 2 is a pipe: auto must decide "no", and the test's stream is not the real stderr anyway.
        assertFalse(Progress.stderrIsTerminal());
        Project.Run r = Project.run("read", capture());
        assertEquals(0, r.code());
        assertEquals("", r.err());
        assertEquals("", Project.run("read", "--progress", "auto", "--format", "json", capture()).err());
        assertFalse(Progress.wanted("auto", false, System.err));
    }

    @Test
    void rendersWhenForced() {
        Project.Run r = Project.run("read", "--progress=always", capture());
        assertEquals(0, r.code());
        assertTrue(r.err().contains("100%"), r.err());
        assertTrue(r.err().contains("pkt/s") && r.err().contains("2,342 packets"), r.err());
        assertTrue(r.err().startsWith("\r["), "drawn in place: " + r.err());
        assertFalse(r.out().contains("pkt/s"), "never on stdout");
    }

    @Test
    void quietWins() {
        assertEquals("", Project.run("read", "--progress=always", "--quiet", capture()).err());
        assertEquals("", Project.run("report", "-q", "--progress=always", "-o", "/dev/null", capture()).err());
    }

    @Test
    void midwayLineShowsBytesRateAndEta() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(b, true, StandardCharsets.UTF_8);
        long[] read = {250_000};
        Progress p = new Progress(err, 1_000_000, () -> read[0], true);
        p.tick();
        String line = b.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains(" 25%") && line.contains("ETA") && line.contains("976.6 KB"), line);
    }

    @Test
    void badValueIsAUsageError() {
        assertEquals(Main.UNUSABLE, Project.run("read", "--progress=sometimes", capture()).code());
    }
}
