package io.ftpscope.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommandParserTest {
    @Test
    void verbsAreCaseInsensitiveAndArgumentsVerbatim() {
        Command c = CommandParser.parse("retr My File.TXT", false);
        assertEquals("RETR", c.verb());
        assertEquals("My File.TXT", c.arg());
        assertTrue(c.valid());
    }

    @Test
    void noArgument() {
        Command c = CommandParser.parse("PASV", false);
        assertEquals("PASV", c.verb());
        assertNull(c.arg());
    }

    @Test
    void emptyArgumentIsKept() {
        assertEquals("", CommandParser.parse("LIST ", false).arg());
    }

    @Test
    void extensionsAndNonStandardVerbsAreKept() {
        for (String v : new String[] {"FEAT", "OPTS UTF8 ON", "EPRT |1|1.2.3.4|5|", "EPSV ALL", "LPRT 4,4,1,2,3,4,2,0,21",
            "SIZE f", "MDTM f", "REST 100", "MLSD", "MLST x", "AUTH TLS", "PBSZ 0", "PROT P", "CCC", "ADAT abc", "LANG en",
            "HOST ftp.example.com", "XPWD", "XMKD d", "SITE CHMOD 755 f", "CLNT lftp"}) {
            Command c = CommandParser.parse(v, false);
            assertTrue(c.valid(), v);
            assertEquals(v.split(" ")[0], c.verb());
        }
    }

    @Test
    void garbageIsInvalid() {
        assertFalse(CommandParser.parse("SSH-2.0-OpenSSH_9.2", false).valid());
        assertFalse(CommandParser.parse("", false).valid());
        assertFalse(CommandParser.parse("\u0016\u0003\u0001", false).valid());
        assertFalse(CommandParser.parse("ABCDEFGHIJKLMNOPQ x", false).valid());
    }

    @Test
    void transferCommandsAndDirections() {
        assertEquals("download", CommandParser.direction("RETR"));
        assertEquals("upload", CommandParser.direction("STOR"));
        assertEquals("upload", CommandParser.direction("APPE"));
        assertEquals("upload", CommandParser.direction("STOU"));
        assertEquals("listing", CommandParser.direction("MLSD"));
        assertTrue(CommandParser.isTransfer("NLST"));
        assertFalse(CommandParser.isTransfer("SIZE"));
    }

    @Test
    void everyKnownVerbComesBackAsItsConstantAndOthersAsWritten() {
        for (String v : CommandParser.KNOWN) {
            Command c = CommandParser.parse(v + " some arg", false);
            assertEquals(v, c.verb());
            assertTrue(c.valid(), v);
            assertEquals("some arg", c.arg());
            if (v.length() == 3 || v.length() == 4) {
                assertTrue(c.verb() == v, v + " is not the constant");
            }
            assertEquals(v, CommandParser.parse("  " + v.toLowerCase(java.util.Locale.ROOT), true).verb());
            assertNull(CommandParser.parse(v, false).arg());
        }
        // near misses stay what they were: unknown verbs, digits, a fifth letter
        assertEquals("XYZQ", CommandParser.parse("XYZQ 1", false).verb());
        assertEquals("RETRX", CommandParser.parse("RETRX 1", false).verb());
        assertEquals("RE", CommandParser.parse("RE", false).verb());
        assertEquals("X1Y", CommandParser.parse("X1Y", false).verb());
        assertTrue(CommandParser.parse("X1Y", false).valid());
        assertEquals("PASV", CommandParser.parse("PASV", true).verb());
        assertTrue(CommandParser.parse("PASV", true).truncated());
    }
}
