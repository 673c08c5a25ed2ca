package io.ftpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.testutil.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Without libpcap, commands that need it (a BPF filter) fail with one line saying what to install,
 * while plain reading still works. pcap4j is pointed at a library that does not exist, in a child JVM,
 * because a failed native load poisons the JVM that tried it.
 */
class MissingLibpcapTest {
    private static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap-missing.so",
                "-cp", System.getProperty("java.class.path"), "io.ftpscope.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(false).start();
    }

    @Test
    void filterWithoutLibpcapSaysWhatToInstall() throws Exception {
        String capture = Project.captures().resolve("passive-pasv-small.pcap").toString();
        Process p = start("read", "-f", "tcp port 21", capture);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), "stdout: " + out + "\nstderr: " + err);
        assertTrue(err.contains("apt-get install libpcap0.8"), err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    }

    @Test
    void readingFilesNeedsNoLibpcap() throws Exception {
        Process p = start("read", Project.captures().resolve("passive-pasv-small.pcap").toString());
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.getErrorStream().readAllBytes();
        assertEquals(0, p.waitFor());
        assertTrue(out.contains("RETR small.bin"), out);
    }
}
