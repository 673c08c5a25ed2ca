package io.ftpscope.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ftpscope.testutil.Conversation;
import io.ftpscope.testutil.Project;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crashes the fuzzers found, replayed through the command line (the raw inputs sit in the *Inputs dirs). */
class FoundCrashesTest {
    @TempDir
    Path dir;

    /** "TYPE \x01" answered 200: isBlank() said no, trim() left nothing, charAt(0) threw and the run was lost. */
    @Test
    void typeWithOnlyControlCharacters() throws Exception {
        Conversation.Capture cap = new Conversation.Capture();
        cap.tcp("10.0.0.1", 40000, "10.0.0.2", 21).handshake().server("220 hi\r\n").client("TYPE \u0001\r\n").server("200 ok\r\n")
                .client("QUIT\r\n").server("221 bye\r\n").close();
        Path f = cap.write(dir.resolve("type.pcap"));
        for (String format : new String[] {"text", "json", "zeek"}) {
            Project.Run r = Project.run("read", "--format", format, f.toString());
            assertEquals(0, r.code(), r.err());
            assertFalse(r.err().contains("internal error"), r.err());
        }
    }
}
