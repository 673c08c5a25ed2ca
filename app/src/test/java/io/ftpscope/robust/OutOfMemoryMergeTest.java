package io.ftpscope.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.cli.Main;
import io.ftpscope.testutil.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merging a whole directory of captures in a heap too small for it: an input's reading thread runs
 * out of memory. The run must end with the one-line out-of-memory message and exit 2, never hang
 * waiting for that input (it did, before input threads handed their failure to the merge).
 */
class OutOfMemoryMergeTest {
    @TempDir
    Path tmp;

    @Test
    void aDirectoryInATinyHeapEndsWithTheMessage() throws Exception {
        Path err = tmp.resolve("err");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Xmx48m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "read", "--format", "zeek", Project.captures().toString()))
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(err.toFile()).start();
        boolean ended = p.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "ftpscope hung after running out of memory");
        String text = Files.readString(err);
        assertEquals(2, p.exitValue(), text);
        assertTrue(text.startsWith("ftpscope: out of memory (Java heap "), text);
        assertTrue(!text.contains("\tat "), "no stack trace: " + text);
    }

    @Test
    void theSameDirectoryInTheLaunchersHeapIsRead() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "read", "--format", "zeek", Project.captures().toString()))
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile()).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "timed out");
        assertTrue(p.exitValue() <= 1, Files.readString(tmp.resolve("err")));
        assertTrue(Files.readString(tmp.resolve("out")).contains("\tRETR\t"), "the ftp.log has the downloads");
    }
}
