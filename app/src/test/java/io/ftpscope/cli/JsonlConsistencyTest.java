package io.ftpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ftpscope.testutil.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** `read --format jsonl` tells the same story as `read --format json` on every shipped capture. */
class JsonlConsistencyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> captures() throws IOException {
        try (Stream<Path> s = Files.list(Project.captures())) {
            List<String> names = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".pcap") || n.endsWith(".pcapng") || n.endsWith(".gz")).sorted().toList();
            assertTrue(names.size() >= 20, "shipped captures: " + names);
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void sameSessionsCommandsAndTransfers(String name) throws IOException {
        String file = Project.captures().resolve(name).toString();
        Project.Run doc = Project.run("read", "--format", "json", file);
        Project.Run lines = Project.run("read", "--format", "jsonl", file);
        assertEquals(doc.code(), lines.code());
        JsonNode d = JSON.readTree(doc.out());
        List<JsonNode> ev = new ArrayList<>();
        for (String l : lines.out().split("\n")) {
            ev.add(JSON.readTree(l)); // every line is one whole object
        }
        JsonNode last = ev.get(ev.size() - 1);
        assertEquals("stats", last.get("event").asText());
        ObjectNode stats = ((ObjectNode) last.deepCopy());
        stats.remove(List.of("event", "ts", "session"));
        assertEquals(d.get("stats"), stats, "stats");

        List<String> ids = new ArrayList<>();
        ev.stream().filter(e -> e.get("event").asText().equals("session_end")).forEach(e -> ids.add(e.get("session").asText()));
        List<String> docIds = new ArrayList<>();
        d.get("sessions").forEach(s -> docIds.add(s.get("id").asText()));
        assertEquals(docIds, ids, "sessions, in the order they finished");

        for (JsonNode s : d.get("sessions")) {
            String id = s.get("id").asText();
            List<JsonNode> mine = ev.stream().filter(e -> id.equals(e.get("session").asText())).toList();
            assertEquals("session_start", mine.get(0).get("event").asText());
            JsonNode end = mine.get(mine.size() - 1);
            assertEquals("session_end", end.get("event").asText());
            s.fields().forEachRemaining(f -> {
                if (!f.getValue().isArray() && !f.getKey().equals("id")) {
                    assertEquals(f.getValue(), end.get(f.getKey()), id + " session field " + f.getKey());
                }
            });
            assertEquals(list(s.get("commands"), c -> !c.get("command").isNull(), "frame", "command", "arg"),
                    list(of(mine, "command"), c -> true, "frame", "command", "arg"), id + " commands");
            int replies = 0;
            for (JsonNode c : s.get("commands")) {
                replies += c.path("preliminary").size() + (c.get("reply").isNull() ? 0 : 1);
            }
            assertEquals(replies, of(mine, "reply").size(), id + " replies");
            assertEquals(s.get("data_connections").size(), of(mine, "data_open").size(), id + " data connections opened");
            assertEquals(s.get("data_connections").size(), of(mine, "data_close").size(), id + " data connections closed");
            List<JsonNode> transfers = of(mine, "transfer");
            assertEquals(s.get("transfers").size(), transfers.size(), id + " transfers");
            for (int i = 0; i < transfers.size(); i++) {
                ObjectNode t = transfers.get(i).deepCopy();
                t.remove(List.of("event", "ts", "session"));
                assertEquals(s.get("transfers").get(i), t, id + " transfer " + i);
            }
            assertEquals(s.get("diagnostics").size(), of(mine, "diagnostic").size(), id + " diagnostics");
        }
        long unlinked = ev.stream().filter(e -> e.get("event").asText().equals("diagnostic") && e.get("session").isNull()).count();
        assertEquals(d.get("unlinked_data_connections").size(), unlinked, "unlinked data connections");
    }

    private static List<JsonNode> of(List<JsonNode> ev, String event) {
        return ev.stream().filter(e -> e.get("event").asText().equals(event)).toList();
    }

    private static List<String> list(Iterable<JsonNode> arr, java.util.function.Predicate<JsonNode> keep, String... fields) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : arr) {
            if (keep.test(n)) {
                StringBuilder sb = new StringBuilder();
                for (String f : fields) {
                    sb.append(n.get(f)).append(' ');
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
