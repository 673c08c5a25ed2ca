package io.ftpscope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a topic holds, compared with the JSONL lines ftpscope printed for the same input. */
final class TopicContents {
    final List<ConsumerRecord<byte[], byte[]>> records;
    final String sensor;

    TopicContents(List<ConsumerRecord<byte[], byte[]>> records, String sensor) {
        this.records = records;
        this.sensor = sensor;
    }

    static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** The key an event must carry: its session id, or the sensor name for events of no session. */
    String keyOf(String line) {
        String s = Ftpscope.session(line);
        return s == null ? sensor : s;
    }

    /** Occurrences in {@code a} beyond those in {@code b}, as line -> count. */
    private static Map<String, Integer> minus(List<String> a, List<String> b) {
        Map<String, Integer> n = new HashMap<>();
        a.forEach(x -> n.merge(x, 1, Integer::sum));
        b.forEach(x -> n.merge(x, -1, Integer::sum));
        n.values().removeIf(v -> v <= 0);
        return n;
    }

    private static String some(Map<String, Integer> m) {
        return m.entrySet().stream().limit(3).map(e -> e.getValue() + "x " + e.getKey()).reduce("", (x, y) -> x + "\n  " + y);
    }

    List<String> values() {
        return records.stream().map(r -> str(r.value())).toList();
    }

    /** Every record carries its event's key and the sensor/run headers; each key sits in one partition. */
    void checkKeysHeadersPartitions() {
        Map<String, TreeSet<Integer>> partitions = new HashMap<>();
        TreeSet<String> runs = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String v = str(r.value());
            assertEquals(keyOf(v), str(r.key()), "key of " + v);
            assertEquals(sensor, str(r.headers().lastHeader("sensor").value()), "sensor header");
            runs.add(str(r.headers().lastHeader("run").value()));
            partitions.computeIfAbsent(str(r.key()), k -> new TreeSet<>()).add(r.partition());
        }
        assertEquals(1, runs.size(), "one run id per run: " + runs);
        partitions.forEach((k, p) -> assertEquals(1, p.size(), "all records of " + k + " in one partition, found in " + p));
    }

    /** The records of each key in the order their partition holds them. */
    Map<String, List<String>> byKeyInPartitionOrder() {
        List<ConsumerRecord<byte[], byte[]>> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt((ConsumerRecord<byte[], byte[]> r) -> r.partition()).thenComparingLong(ConsumerRecord::offset));
        Map<String, List<String>> m = new LinkedHashMap<>();
        sorted.forEach(r -> m.computeIfAbsent(str(r.key()), k -> new ArrayList<>()).add(str(r.value())));
        return m;
    }

    Map<String, List<String>> expectedByKey(List<String> lines) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        lines.forEach(l -> m.computeIfAbsent(keyOf(l), k -> new ArrayList<>()).add(l));
        return m;
    }

    /** Every line exactly once, nothing else, and each session's lines in their JSONL order. */
    void assertExactlyOnceInOrder(List<String> expected) {
        Map<String, Integer> missing = minus(expected, values());
        Map<String, Integer> extra = minus(values(), expected);
        assertTrue(missing.isEmpty() && extra.isEmpty(), expected.size() + " events printed, " + records.size() + " records; missing "
                + missing.size() + ":" + some(missing) + "\nextra or duplicated " + extra.size() + ":" + some(extra));
        checkKeysHeadersPartitions();
        assertEquals(expectedByKey(expected), byKeyInPartitionOrder(), "each key's records in the order of the JSONL lines");
    }

    /**
     * After a broker outage: no record that was not printed, none twice, and each key's records the
     * first events of its JSONL lines (what was sent before the outage), in order.
     */
    void assertPrefixesOnceInOrder(List<String> expected) {
        Map<String, Integer> extra = minus(values(), expected);
        assertTrue(extra.isEmpty(), "records that are not printed events, or duplicates: " + extra.size() + some(extra));
        checkKeysHeadersPartitions();
        Map<String, List<String>> want = expectedByKey(expected);
        byKeyInPartitionOrder().forEach((k, got) -> {
            List<String> all = Objects.requireNonNull(want.get(k), k);
            assertEquals(all.subList(0, got.size()), got, "the records of " + k + " are its first " + got.size() + " events, in order");
        });
    }
}
