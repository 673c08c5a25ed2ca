package io.ftpscope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaSinkTest {
    private static final byte[] SENSOR = "link-a".getBytes(StandardCharsets.UTF_8);

    private static String key(String line) {
        return new String(KafkaSink.key(line.getBytes(StandardCharsets.UTF_8), SENSOR), StandardCharsets.UTF_8);
    }

    @Test
    void theKeyIsTheLinesSessionOrTheSensor() {
        assertEquals("S12", key("{\"event\":\"command\",\"ts\":\"2026-11-23T12:05:04.826439Z\",\"session\":\"S12\",\"frame\":6,\"command\":\"USER\"}"));
        assertEquals("link-a", key("{\"event\":\"stats\",\"ts\":\"2026-11-23T12:05:05.173576Z\",\"session\":null,\"packets\":2342}"));
        assertEquals("link-a", key("{\"event\":\"diagnostic\",\"ts\":\"2026-11-23T12:05:05Z\",\"session\":null,\"code\":\"unlinked_data_connection\","
                + "\"data_connection\":{\"session\":\"S9\"}}"), "the top-level field, not a nested one");
    }

    @Test
    void unusualLinesFallBackToTheJsonParser() {
        assertEquals("S\"1", key("{\"event\":\"x\",\"session\":\"S\\\"1\"}"), "an escaped id is decoded");
        assertEquals("S7", key("{\"event\":\"x\", \"session\" : \"S7\"}"), "other spacing");
        assertEquals("link-a", key("{\"event\":\"x\"}"), "no session field");
        assertEquals("link-a", key("not json"), "garbage is still sent, under the sensor");
        assertEquals("link-a", key("{\"event\":\"x\",\"session\":17}"));
    }

    @Test
    void linesWrittenTogetherKeepTheirOwnKeys() {
        // JsonlSink may hand over several events in one write (it flushes at most every 100 ms when
        // reading files), and a write may end in the middle of a line.
        List<String> keys = new ArrayList<>();
        LineSplitter s = new LineSplitter(l -> keys.add(new String(KafkaSink.key(l, SENSOR), StandardCharsets.UTF_8)));
        byte[] b = ("{\"event\":\"command\",\"ts\":\"t\",\"session\":\"S1\"}\n{\"event\":\"reply\",\"ts\":\"t\",\"session\":\"S2\"}\n"
                + "{\"event\":\"stats\",\"ts\":\"t\",\"session\":null}\n{\"event\":\"session_end\",\"ts\":\"t\",\"ses").getBytes(StandardCharsets.UTF_8);
        s.write(b, 0, b.length);
        byte[] rest = "sion\":\"S3\"}\n".getBytes(StandardCharsets.UTF_8);
        s.write(rest, 0, rest.length);
        assertEquals(List.of("S1", "S2", "link-a", "S3"), keys);
    }
}
