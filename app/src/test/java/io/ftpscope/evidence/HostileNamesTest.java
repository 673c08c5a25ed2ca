package io.ftpscope.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.testutil.Conversation;
import io.ftpscope.testutil.Project;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture is attacker-controlled: a server (or a forged capture) can name files "../../etc/passwd".
 * Extraction of such a capture writes every transfer, and only inside DIR.
 */
class HostileNamesTest {
    static final String C = "192.0.2.10";
    static final String S = "192.0.2.20";
    static final List<String> NAMES = List.of("../../etc/passwd", "/etc/passwd", "../../../../../../tmp/escape", "a\u0000b.txt",
            "x".repeat(10_000), "CON", "nul.txt", "evil\u0001\u001b[31m\u007fname", "..", ".", "<script>alert(1)</script>", "dir\\..\\..\\win",
            "big.bin", "big.bin");

    @TempDir
    Path tmp;

    /** One session, one passive RETR per hostile name; each file's content is its index, so the test can tell them apart. */
    static Path hostileCapture(Path file) throws Exception {
        Conversation.Capture cap = new Conversation.Capture();
        Conversation ctl = cap.tcp(C, 40000, S, 21).handshake();
        ctl.server("220 hi\r\n").client("USER u\r\n").server("331 p\r\n").client("PASS secret\r\n").server("230 ok\r\n");
        ctl.client("TYPE I\r\n").server("200 ok\r\n");
        for (int i = 0; i < NAMES.size(); i++) {
            int port = 50000 + i;
            ctl.client("PASV\r\n").server("227 Entering Passive Mode (192,0,2,20," + (port >> 8) + "," + (port & 255) + ").\r\n");
            Conversation data = cap.tcp(C, 41000 + i, S, port).handshake();
            ctl.client(("RETR " + NAMES.get(i) + "\r\n").getBytes(StandardCharsets.UTF_8)).server("150 here\r\n");
            data.server(content(i)).close();
            ctl.server("226 done\r\n");
        }
        ctl.client("QUIT\r\n").server("221 bye\r\n").close();
        return cap.write(file);
    }

    static byte[] content(int i) {
        return ("file number " + i + "\n").repeat(50 + i).getBytes(StandardCharsets.US_ASCII);
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void everyTransferLandsInsideTheDirectory() throws Exception {
        Path pcap = hostileCapture(tmp.resolve("hostile.pcap"));
        Path parent = Files.createDirectory(tmp.resolve("parent"));
        Path out = parent.resolve("out");
        FileTime passwd = Files.getLastModifiedTime(Path.of("/etc/passwd"));
        Set<String> tmpBefore = listing(Path.of("/tmp"));

        Project.Run r = Project.run("read", "--format", "json", "--max-line", "20000", "--extract", out.toString(), pcap.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode transfers = new ObjectMapper().readTree(r.out()).get("sessions").get(0).get("transfers");
        assertEquals(NAMES.size(), transfers.size());

        // nothing beside DIR, nothing new in /tmp, /etc/passwd untouched
        try (Stream<Path> s = Files.list(parent)) {
            assertEquals(List.of(out), s.toList());
        }
        Set<String> tmpAfter = listing(Path.of("/tmp"));
        tmpAfter.removeAll(tmpBefore);
        assertFalse(tmpAfter.contains("escape"), "written to /tmp: " + tmpAfter);
        assertEquals(passwd, Files.getLastModifiedTime(Path.of("/etc/passwd")));

        Path real = out.toRealPath();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(out)) {
            s.filter(Files::isRegularFile).forEach(files::add);
        }
        assertEquals(NAMES.size(), files.size(), "one file per transfer, no temporary leftovers: " + files);
        Set<String> hashes = new HashSet<>();
        for (Path f : files) {
            assertTrue(f.toRealPath().startsWith(real), f + " is outside " + real);
            assertFalse(Files.isSymbolicLink(f));
            assertTrue(f.getFileName().toString().getBytes(StandardCharsets.UTF_8).length < 200, "name too long: " + f);
            hashes.add(sha256(Files.readAllBytes(f)));
        }
        for (int i = 0; i < NAMES.size(); i++) {
            JsonNode t = transfers.get(i);
            String expected = sha256(content(i));
            assertEquals(expected, t.get("sha256").asText(), NAMES.get(i));
            assertTrue(hashes.contains(expected), "file for " + NAMES.get(i));
            assertTrue(t.get("content").get("complete").asBoolean());
            Path f = out.resolve(t.get("content").get("file").asText());
            assertEquals(expected, sha256(Files.readAllBytes(f)), "the JSON names the file holding transfer " + i);
        }
        // the two transfers of "big.bin" do not overwrite each other
        assertFalse(transfers.get(NAMES.size() - 1).get("content").get("file").asText()
                .equals(transfers.get(NAMES.size() - 2).get("content").get("file").asText()));
    }

    @Test
    void aSecondRunIntoTheSameDirectoryKeepsTheFirstRunsFiles() throws Exception {
        Path pcap = hostileCapture(tmp.resolve("hostile.pcap"));
        Path out = tmp.resolve("out");
        assertEquals(0, Project.run("read", "--extract", out.toString(), pcap.toString()).code());
        assertEquals(0, Project.run("read", "--extract", out.toString(), pcap.toString()).code());
        try (Stream<Path> s = Files.walk(out)) {
            assertEquals(2 * NAMES.size(), s.filter(Files::isRegularFile).count());
        }
    }

    private static Set<String> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            Set<String> names = new HashSet<>();
            s.forEach(p -> names.add(p.getFileName().toString()));
            return names;
        }
    }
}
