package io.ftpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ftpscope.testutil.Project;
import io.ftpscope.testutil.TestPaths;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A capture rotated into three files (editcap -c, as tcpdump -C would) reads exactly like the whole
 * file, whether the parts are named in any order, as a directory or as a glob; frame references
 * then name the part and the frame inside it.
 */
class ManyInputsTest {
    private static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path dir;

    static JsonNode json(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("read", "--format", "json"));
        a.addAll(List.of(args));
        Project.Run r = Project.run(a.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        return M.readTree(r.out());
    }

    /** Splits into parts of n frames; returns them in time order. */
    List<Path> rotate(String capture, int frames) throws Exception {
        Path rot = Files.createDirectories(dir.resolve("rot"));
        TestPaths.run("editcap", "-c", Integer.toString(frames), Project.captures().resolve(capture).toString(), rot.resolve("part.pcap").toString());
        try (Stream<Path> s = Files.list(rot)) {
            List<Path> parts = s.sorted().toList();
            assertEquals(3, parts.size(), "editcap made " + parts);
            return parts;
        }
    }

    /** The document without what necessarily differs: the inputs list and the file names beside frame numbers. */
    static JsonNode strip(JsonNode doc) {
        JsonNode c = doc.deepCopy();
        ((ObjectNode) c.get("stats")).remove("inputs");
        strip(c, "file", "file_frame", "frame_refs");
        return c;
    }

    private static void strip(JsonNode n, String... fields) {
        if (n instanceof ObjectNode o) {
            o.remove(List.of(fields));
        }
        n.forEach(ch -> strip(ch, fields));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lftp-mixed.pcap:80", "parallel-sessions.pcap:110", "passive-pasv.pcap:800"})
    void rotatedPartsReadLikeTheWholeFile(String spec) throws Exception {
        String capture = spec.split(":")[0];
        List<Path> parts = rotate(capture, Integer.parseInt(spec.split(":")[1]));
        JsonNode whole = json(Project.captures().resolve(capture).toString());
        // named out of order on purpose: the merge goes by packet time, not by argument order
        JsonNode merged = json(parts.get(2).toString(), parts.get(0).toString(), parts.get(1).toString());
        assertEquals(strip(whole), strip(merged));
        assertEquals(3, merged.get("stats").get("inputs").size());

        // every frame reference names its part and the frame inside it
        Map<String, Long> before = new HashMap<>();
        long sum = 0;
        for (Path p : parts) {
            before.put(p.toString(), sum);
            sum += Long.parseLong(TestPaths.run("capinfos", "-c", "-M", "-r", "-T", p.toString()).trim().split("\t")[1]);
        }
        int checked = 0;
        for (JsonNode s : merged.get("sessions")) {
            for (JsonNode e : s.get("commands")) {
                JsonNode r = e.get("reply");
                for (JsonNode x : r == null || r.isNull() ? List.of(e) : List.of(e, r)) {
                    long global = x.get("frame").asLong();
                    String file = x.get("file").asText();
                    assertEquals(global, before.get(file) + x.get("file_frame").asLong(), x.toString());
                    checked++;
                }
            }
            for (JsonNode d : s.get("data_connections")) {
                assertEquals(d.get("first_frame").asLong(), before.get(d.get("file").asText()) + d.get("file_frame").asLong());
            }
        }
        assertTrue(checked > 10);
        Map<String, Integer> files = new HashMap<>();
        merged.get("sessions").forEach(s -> s.get("commands").forEach(e -> files.merge(e.get("file").asText(), 1, Integer::sum)));
        if (!capture.startsWith("passive-pasv")) {
            assertTrue(files.size() >= 2, "sessions span several parts: " + files);
        }
    }

    @Test
    void directoriesAndGlobsExpand() throws Exception {
        List<Path> parts = rotate("lftp-mixed.pcap", 80);
        Files.writeString(parts.get(0).getParent().resolve("README.txt"), "not a capture");
        JsonNode whole = strip(json(Project.captures().resolve("lftp-mixed.pcap").toString()));
        JsonNode byDir = json(parts.get(0).getParent().toString());
        assertEquals(whole, strip(byDir));
        assertEquals(3, byDir.get("stats").get("inputs").size(), "README.txt is not taken for a capture");
        JsonNode byGlob = json(parts.get(0).getParent().resolve("part_*.pcap").toString());
        assertEquals(whole, strip(byGlob));
        Project.Run none = Project.run("read", dir.resolve("nothing-*.pcap").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no file matches"), none.err());
    }

    @Test
    void standardInputIsACapture() throws Exception {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(Project.captures().resolve("active-port.pcap"))));
            JsonNode fromStdin = json("-");
            JsonNode fromFile = json(Project.captures().resolve("active-port.pcap").toString());
            assertEquals(strip(fromFile), strip(fromStdin));
            assertNotEquals(0, fromStdin.get("sessions").size());
        } finally {
            System.setIn(saved);
        }
    }
}
