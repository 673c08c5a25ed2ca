package io.ftpscope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.testutil.Project;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `read --kafka` against a real Kafka broker (KRaft, started in this JVM on 127.0.0.1): every event
 * that `read --format jsonl` prints for the same input arrives exactly once, keyed by its session,
 * each session in one partition of a 4-partition topic and in its printed order. The expected events
 * are ftpscope's own JSONL lines from a run without Kafka, and the session count is the manifest's.
 */
class KafkaIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static TestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        long t0 = System.nanoTime();
        broker = new TestBroker(tmp.resolve("kafka")).start();
        System.out.printf("KafkaIT: broker up at %s in %.1f s%n", broker.bootstrap(), (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aCaptureWithParallelSessionsArrivesExactlyOnceInOrderPerSession() throws Exception {
        String capture = Project.captures().resolve("parallel-sessions.pcap").toString();
        JsonNode manifest = JSON.readTree(Project.captures().resolve("manifest.json").toFile()).get("captures").get("parallel-sessions.pcap");
        broker.createTopic("ftp-events", 4);

        Ftpscope.Run plain = Ftpscope.run(tmp.resolve("plain"), 60, "read", "--format", "jsonl", capture);
        assertEquals(0, plain.code(), plain.err());
        Ftpscope.Run zeekOnly = Ftpscope.run(tmp.resolve("zeek"), 60, "read", "--format", "zeek", capture);
        // Kafka beside another format: stdout is the Zeek log, the topic gets the JSONL events
        Ftpscope.Run run = Ftpscope.run(tmp.resolve("kafka"), 60, "read", "--format", "zeek", "--kafka", broker.bootstrap(),
                "--kafka-topic", "ftp-events", "--kafka-sensor", "link-a", capture);
        assertEquals(0, run.code(), run.err());
        assertEquals(withoutClock(zeekOnly.out()), withoutClock(run.out()));
        List<String> expected = plain.lines();
        assertEquals(List.of("ftpscope: kafka: " + expected.size() + " events delivered to ftp-events at " + broker.bootstrap()), run.errLines());

        TopicContents topic = new TopicContents(broker.readAll("ftp-events", Duration.ofSeconds(30)), "link-a");
        topic.assertExactlyOnceInOrder(expected);
        TreeSet<String> sessions = new TreeSet<>();
        topic.records.forEach(r -> sessions.add(TopicContents.str(r.key())));
        sessions.remove("link-a");
        assertEquals(manifest.get("sessions").asInt(), sessions.size(), "sessions keyed: " + sessions);
        System.out.printf("KafkaIT: %d events of %d sessions in %d partitions, ftpscope ran %d ms%n", topic.records.size(), sessions.size(),
                topic.records.stream().map(r -> r.partition()).distinct().count(), run.millis());
    }

    /** The Zeek log's #open and #close lines carry the wall-clock time of the run. */
    private static List<String> withoutClock(String zeek) {
        return zeek.lines().filter(l -> !l.startsWith("#open") && !l.startsWith("#close")).toList();
    }

    @Test
    void allShippedCapturesAtOnceArriveExactlyOnceInOrderPerSession() throws Exception {
        String dir = Project.captures().toString();
        broker.createTopic("all-captures", 4);
        Ftpscope.Run plain = Ftpscope.run(tmp.resolve("all-plain"), 120, "read", "--format", "jsonl", dir);
        Ftpscope.Run run = Ftpscope.run(tmp.resolve("all-kafka"), 120, "read", "--format", "jsonl", "--kafka", broker.bootstrap(),
                "--kafka-topic", "all-captures", "--kafka-sensor", "archive", dir);
        assertEquals(plain.code(), run.code(), run.err());
        assertEquals(plain.out(), run.out(), "--kafka changes nothing on stdout");
        List<String> expected = plain.lines();
        assertTrue(expected.size() > 500, "a big run: " + expected.size() + " events");
        assertTrue(run.errLines().contains("ftpscope: kafka: " + String.format("%,d", expected.size()) + " events delivered to all-captures at "
                + broker.bootstrap()), run.err());

        TopicContents topic = new TopicContents(broker.readAll("all-captures", Duration.ofSeconds(60)), "archive");
        topic.assertExactlyOnceInOrder(expected);
        long partitions = topic.records.stream().map(r -> r.partition()).distinct().count();
        assertEquals(4, partitions, "sessions spread over all partitions, so per-partition order is what is tested");
        System.out.printf("KafkaIT: all captures: %d events, ftpscope with Kafka %d ms, without %d ms%n", expected.size(), run.millis(),
                plain.millis());

        // Back-pressure: a 64 KiB producer buffer (four 16 KiB batches) fills at once; read then waits
        // for the broker instead of dropping anything.
        broker.createTopic("small-buffer", 4);
        Ftpscope.Run small = Ftpscope.run(tmp.resolve("small-buffer"), 120, "read", "--format", "jsonl", "--kafka", broker.bootstrap(),
                "--kafka-topic", "small-buffer", "--kafka-sensor", "archive", "--kafka-buffer", "65536", dir);
        assertEquals(plain.out(), small.out());
        assertTrue(small.errLines().contains("ftpscope: kafka: " + String.format("%,d", expected.size())
                + " events delivered to small-buffer at " + broker.bootstrap()), small.err());
        new TopicContents(broker.readAll("small-buffer", Duration.ofSeconds(60)), "archive").assertExactlyOnceInOrder(expected);
    }
}
