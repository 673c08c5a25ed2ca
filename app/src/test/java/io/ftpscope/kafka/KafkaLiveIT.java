package io.ftpscope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * `live -i lo --kafka`: FTP sessions scripted over 127.0.0.1 are captured and published while they
 * happen; then the broker is stopped while the capture runs. Capture needs root: this fails (never
 * skips) without it, as LiveCaptureIT does. The number of sessions is the script's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaLiveIT {

    @TempDir
    static Path tmp;

    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals("0", uid, "live capture on lo needs root: CI runs the tests as root");
        broker = new TestBroker(tmp.resolve("kafka")).start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Process live(Path dir, LoopbackFtp ftp, String topic, int seconds, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("live", "-i", "lo", "-f", "tcp port " + ftp.port(), "--ports",
                Integer.toString(ftp.port()), "--format", "jsonl", "--duration", Integer.toString(seconds), "--kafka", broker.bootstrap(),
                "--kafka-topic", topic, "--kafka-sensor", "lo-sensor"));
        args.addAll(List.of(more));
        Process p = Ftpscope.start(dir, args.toArray(String[]::new));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.readString(dir.resolve("err")).contains("capturing on lo")) {
            assertTrue(p.isAlive(), "live ended early:\n" + Files.readString(dir.resolve("err")));
            assertTrue(System.nanoTime() < deadline, "live did not start capturing:\n" + Files.readString(dir.resolve("err")));
            Thread.sleep(100);
        }
        return p;
    }

    private static long sessionStarts(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("{\"event\":\"session_start\"")).count();
    }

    @Test
    @Order(1)
    void liveEventsArriveExactlyOnceInOrderPerSession() throws Exception {
        broker.createTopic("live", 4);
        Path dir = tmp.resolve("live");
        try (LoopbackFtp ftp = new LoopbackFtp()) {
            Process p = live(dir, ftp, "live", 4);
            for (int i = 1; i <= 3; i++) {
                ftp.session("user" + i);
            }
            Ftpscope.Run run = Ftpscope.await(p, dir, 40);
            assertEquals(0, run.code(), run.err());
            List<String> lines = run.lines();
            assertEquals(3, sessionStarts(lines), "the three scripted sessions");
            assertTrue(run.errLines().contains("ftpscope: kafka: " + lines.size() + " events delivered to live at " + broker.bootstrap()),
                    run.err());
            new TopicContents(broker.readAll("live", Duration.ofSeconds(30)), "lo-sensor").assertExactlyOnceInOrder(lines);
        }
    }

    @Test
    @Order(2)
    void aBrokerStoppedWhileLiveRunsIsToldAtOnceAndEveryLaterEventIsCounted() throws Exception {
        broker.createTopic("live-mid", 4);
        Path dir = tmp.resolve("live-mid");
        int duration = 12;
        int timeout = 2;
        try (LoopbackFtp ftp = new LoopbackFtp()) {
            Process p = live(dir, ftp, "live-mid", duration, "--kafka-timeout", Integer.toString(timeout));
            ftp.session("before1");
            ftp.session("before2");
            long before = broker.awaitSteadyCount("live-mid", Duration.ofSeconds(20));
            broker.stop();
            ftp.session("after1");
            ftp.session("after2");
            Ftpscope.Run run = Ftpscope.await(p, dir, duration + 40);
            assertTrue(run.millis() < (duration + 2L * timeout + 12) * 1000, "live ran " + run.millis() + " ms for --duration " + duration);
            assertEquals(1, run.code(), "exit 1: events were lost\n" + run.err());
            List<String> lines = run.lines();
            assertEquals(4, sessionStarts(lines), "stdout has all four sessions whatever happened to Kafka");
            assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
            List<String> err = run.errLines();
            assertTrue(err.stream().anyMatch(l -> l.startsWith("ftpscope: kafka: live-mid at " + broker.bootstrap() + ": ")),
                    "the failure is told while capture goes on:\n" + run.err());
            Matcher m = TestBroker.NOT_DELIVERED.matcher(err.get(err.size() - 1));
            assertTrue(m.matches(), run.err());
            long notDelivered = Long.parseLong(m.group(1).replace(",", ""));
            assertEquals(lines.size(), Long.parseLong(m.group(2).replace(",", "")));
            assertEquals(lines.size() - before, notDelivered, "everything after the stop is counted: " + before + " were in the topic");

            broker.start();
            TopicContents topic = new TopicContents(broker.readAll("live-mid", Duration.ofSeconds(30)), "lo-sensor");
            topic.assertPrefixesOnceInOrder(lines);
            assertEquals(before, topic.records.size());
            System.out.printf("KafkaLiveIT: broker stopped during live: %s; %d in the topic; live ran %d ms%n", err.get(err.size() - 1),
                    before, run.millis());
        }
    }
}
