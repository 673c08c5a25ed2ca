package io.ftpscope.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.testutil.Project;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Extracted files against manifest.json, which records the SHA-256 of the bytes each recorded
 * transfer put on the wire (from the served files, not from the captures).
 */
class ExtractionCapturesTest {
    private static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path out;

    static JsonNode manifest() throws Exception {
        return M.readTree(Project.captures().resolve("manifest.json").toFile());
    }

    /** Captures with at least one complete, hashed, cleartext transfer whose bytes all reached the capture. */
    static Stream<String> completeTransfers() throws Exception {
        List<String> names = new ArrayList<>();
        manifest().get("captures").fields().forEachRemaining(e -> {
            boolean any = false;
            for (JsonNode t : e.getValue().path("transfers")) {
                any |= hashed(t);
            }
            if (any && !e.getKey().startsWith("snaplen")) {
                names.add(e.getKey());
            }
        });
        assertTrue(names.size() >= 14, names.toString());
        return names.stream();
    }

    static boolean hashed(JsonNode t) {
        return "complete".equals(t.path("expected_status").asText()) && t.hasNonNull("sha256") && t.hasNonNull("bytes")
                && !t.path("encrypted").asBoolean(false);
    }

    static JsonNode extract(Path dir, String capture) throws Exception {
        Project.Run r = Project.run("read", "--format", "json", "--extract", dir.toString(), Project.captures().resolve(capture).toString());
        assertEquals(0, r.code(), r.err());
        return M.readTree(r.out());
    }

    static List<JsonNode> transfers(JsonNode doc) {
        List<JsonNode> l = new ArrayList<>();
        doc.get("sessions").forEach(s -> s.get("transfers").forEach(l::add));
        return l;
    }

    static String sha256(Path f) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(f)) {
            byte[] b = new byte[1 << 16];
            for (int n; (n = in.read(b)) > 0; ) {
                md.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("completeTransfers")
    void extractedFilesHashLikeTheServedFiles(String capture) throws Exception {
        JsonNode doc = extract(out, capture);
        List<JsonNode> got = transfers(doc);
        for (JsonNode want : manifest().get("captures").get(capture).get("transfers")) {
            if (!hashed(want)) {
                continue;
            }
            String sha = want.get("sha256").asText();
            JsonNode t = got.stream().filter(x -> sha.equals(x.path("sha256").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError(capture + ": no transfer hashed " + sha + " (" + want.get("path") + ")"));
            JsonNode c = t.get("content");
            assertTrue(c.get("complete").asBoolean(), capture + ": " + c);
            assertEquals(want.get("bytes").asLong(), c.get("bytes").asLong());
            assertEquals(want.path("rest").asLong(0), c.get("offset").asLong());
            Path f = out.resolve(c.get("file").asText());
            assertEquals(want.get("bytes").asLong(), Files.size(f), capture + ": size of " + f);
            assertEquals(sha, sha256(f), capture + ": SHA-256 of the file on disk");
            assertEquals(32, t.get("md5").asText().length());
            assertFalse(f.getFileName().toString().endsWith(".partial"));
        }
        try (Stream<Path> s = Files.walk(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".ftpscope-partial")), "temporary directory removed");
        }
    }

    /** REST 40000: the file holds the 60,000 bytes that crossed, and the name and JSON say where they belong. */
    @Test
    void restOffsetIsRecorded() throws Exception {
        JsonNode m = manifest().get("captures").get("rest-resume.pcap").get("transfers").get(0);
        JsonNode t = transfers(extract(out, "rest-resume.pcap")).get(0);
        JsonNode c = t.get("content");
        assertEquals(40000, c.get("offset").asLong());
        assertEquals(m.get("file_size").asLong() - 40000, c.get("bytes").asLong());
        assertTrue(c.get("file").asText().endsWith("rest.bin.offset-40000"), c.get("file").asText());
        assertEquals(m.get("sha256").asText(), sha256(out.resolve(c.get("file").asText())));
    }

    /** snaplen 96 keeps 30 payload bytes per segment: the file has holes, is named .partial, lists them, and has no hash. */
    @Test
    void gappedTransferIsNeverPassedOffAsComplete() throws Exception {
        JsonNode t = transfers(extract(out, "snaplen-96.pcap")).get(0);
        JsonNode c = t.get("content");
        assertFalse(c.get("complete").asBoolean());
        assertTrue(t.get("sha256").isNull() && t.get("md5").isNull());
        assertTrue(c.get("reason").asText().contains("missing from the capture"), c.toString());
        Path f = out.resolve(c.get("file").asText());
        assertTrue(f.toString().endsWith(".partial"), f.toString());
        assertEquals(100000, Files.size(f), "holes keep the received bytes at their offsets");
        List<String> gaps = Files.readAllLines(Path.of(f + ".gaps"));
        assertTrue(gaps.size() > 10, "sidecar lists the missing ranges");
    }

    /** An aborted download keeps what was received, marked partial with the reason. */
    @Test
    void abortedTransferIsPartial() throws Exception {
        JsonNode t = transfers(extract(out, "abort.pcap")).get(0);
        JsonNode c = t.get("content");
        assertFalse(c.get("complete").asBoolean());
        assertTrue(c.get("reason").asText().contains("aborted"), c.toString());
        assertEquals(t.get("bytes").asLong(), Files.size(out.resolve(c.get("file").asText())));
        assertTrue(c.get("file").asText().endsWith(".partial"));
    }

    /** --hash alone hashes without writing; without either option the JSON is as before. */
    @Test
    void hashWithoutExtractWritesNothing() throws Exception {
        Project.Run r = Project.run("read", "--format", "json", "--hash", Project.captures().resolve("active-port.pcap").toString());
        JsonNode t = transfers(M.readTree(r.out())).get(0);
        assertEquals(manifest().get("captures").get("active-port.pcap").get("transfers").get(0).get("sha256").asText(), t.get("sha256").asText());
        assertTrue(t.get("content").get("file").isNull());
        Project.Run plain = Project.run("read", "--format", "json", Project.captures().resolve("active-port.pcap").toString());
        JsonNode p = transfers(M.readTree(plain.out())).get(0);
        assertFalse(p.has("sha256") || p.has("content"));
    }
}
