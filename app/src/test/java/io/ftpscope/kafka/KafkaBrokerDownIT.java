package io.ftpscope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.testutil.Project;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `read --kafka` does when the broker goes away: one clear line on stderr, every event that was
 * not acknowledged counted, exit code 1, the results still on stdout, and the process ends within
 * about twice --kafka-timeout. The broker is a real one (KRaft in this JVM), stopped for real.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBrokerDownIT {
    private static final int TIMEOUT = 3;
    /** Two waits of --kafka-timeout (one send, the final flush) plus a JVM's start and the analysis, generously. */
    private static final long BOUND_MS = 2 * TIMEOUT * 1000 + 12_000;

    @TempDir
    static Path tmp;

    static TestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new TestBroker(tmp.resolve("kafka")).start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static long n(String s) {
        return Long.parseLong(s.replace(",", ""));
    }

    private static Matcher oneLine(Ftpscope.Run run) {
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), "no stack trace:\n" + run.err());
        assertEquals(1, run.errLines().size(), "one line on stderr:\n" + run.err());
        Matcher m = TestBroker.NOT_DELIVERED.matcher(run.errLines().get(0));
        assertTrue(m.matches(), run.errLines().get(0));
        return m;
    }

    @Test
    @Order(1)
    void aBrokerStoppedBeforeTheRunCostsOneTimeoutAndEveryEventIsCounted() throws Exception {
        String capture = Project.captures().resolve("brute-force.pcap").toString();
        broker.createTopic("down", 4);
        broker.stop();
        Ftpscope.Run plain = Ftpscope.run(tmp.resolve("plain"), 60, "read", "--format", "jsonl", capture);
        Ftpscope.Run run = Ftpscope.run(tmp.resolve("down"), 60, "read", "--format", "jsonl", "--kafka", broker.bootstrap(),
                "--kafka-topic", "down", "--kafka-timeout", Integer.toString(TIMEOUT), capture);
        assertEquals(1, run.code(), "exit 1: results printed, but not everything was delivered");
        assertEquals(plain.out(), run.out(), "the results are printed all the same");
        Matcher m = oneLine(run);
        long events = plain.lines().size();
        assertEquals(events, n(m.group(1)), "every event counted as not delivered");
        assertEquals(events, n(m.group(2)));
        assertEquals("down", m.group(3));
        assertEquals(broker.bootstrap(), m.group(4));
        assertTrue(m.group(5).startsWith("broker unreachable: "), m.group(5));
        assertTrue(run.millis() < BOUND_MS, "ended in " + run.millis() + " ms");
        System.out.printf("KafkaBrokerDownIT: dead broker, %d events, ended in %d ms: %s%n", events, run.millis(), run.errLines().get(0));
    }

    @Test
    @Order(2)
    void aBrokerStoppedMidRunLosesOnlyTheLaterEventsAndEachIsCounted() throws Exception {
        broker.start();
        broker.createTopic("mid", 4);
        List<byte[]> records = new ArrayList<>();
        byte[] header = mergeEthernetCaptures(records);
        Path merged = tmp.resolve("merged.pcap");
        write(merged, header, records, 0, records.size());
        Ftpscope.Run plain = Ftpscope.run(tmp.resolve("mid-plain"), 60, merged, "read", "--format", "jsonl", "-");
        List<String> expected = plain.lines();

        // The same packets on standard input, the last few held back: ftpscope analyses and publishes
        // what it has, then waits for the rest while the broker goes away.
        Path dir = tmp.resolve("mid");
        Process p = Ftpscope.start(dir, "read", "--format", "jsonl", "--kafka", broker.bootstrap(), "--kafka-topic", "mid",
                "--kafka-sensor", "sensor-m", "--kafka-timeout", Integer.toString(TIMEOUT), "-");
        int held = 10;
        try (OutputStream in = p.getOutputStream()) {
            in.write(header);
            for (byte[] r : records.subList(0, records.size() - held)) {
                in.write(r);
            }
            in.flush();
            long before = broker.awaitSteadyCount("mid", Duration.ofSeconds(60));
            assertTrue(before > 0 && before < expected.size(), "events published before the stop: " + before);
            long t0 = System.nanoTime();
            broker.stop();
            System.out.printf("KafkaBrokerDownIT: %d of %d events in the topic, broker stopped in %d ms%n", before, expected.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            for (byte[] r : records.subList(records.size() - held, records.size())) {
                in.write(r);
            }
        }
        long eof = System.nanoTime();
        Ftpscope.Run run = Ftpscope.await(p, dir, 60);
        long afterEof = (System.nanoTime() - eof) / 1_000_000;
        assertTrue(afterEof < BOUND_MS, "ended " + afterEof + " ms after its input did");
        assertEquals(1, run.code());
        assertEquals(plain.out(), run.out(), "stdout is complete whatever happened to Kafka");
        Matcher m = oneLine(run);
        long notDelivered = n(m.group(1));
        assertEquals(expected.size(), n(m.group(2)), "events counted");
        assertTrue(notDelivered > 0 && notDelivered < expected.size(), run.errLines().get(0));

        broker.start(); // same port, same log: what did reach the topic?
        TopicContents topic = new TopicContents(broker.readAll("mid", Duration.ofSeconds(30)), "sensor-m");
        topic.assertPrefixesOnceInOrder(expected);
        assertEquals(expected.size() - notDelivered, topic.records.size(), "the topic holds exactly the events not counted as lost");
        System.out.printf("KafkaBrokerDownIT: broker stopped mid-run: %s; topic holds %d; ended %d ms after EOF%n", run.errLines().get(0),
                topic.records.size(), afterEof);
    }

    /**
     * The shipped Ethernet captures with microsecond timestamps as one stream, packets in time order
     * (as `read DIR` merges them): about 5,000 packets, so ftpscope has work before the held tail.
     */
    private static byte[] mergeEthernetCaptures(List<byte[]> out) throws IOException {
        record Pkt(long sec, long usec, int seq, byte[] bytes) {
        }
        List<Pkt> all = new ArrayList<>();
        byte[] header = null;
        List<Path> files;
        try (Stream<Path> s = Files.list(Project.captures())) {
            files = s.filter(f -> f.toString().endsWith(".pcap")).sorted().toList();
        }
        for (Path f : files) {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.getInt(0) != 0xA1B2C3D4 || b.getInt(20) != 1) {
                continue; // other byte order, nanoseconds or not Ethernet
            }
            if (header == null) {
                header = new byte[24];
                b.get(0, header);
                ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 262144);
            }
            int off = 24;
            while (off + 16 <= b.limit()) {
                int incl = b.getInt(off + 8);
                byte[] rec = new byte[16 + incl];
                b.get(off, rec);
                all.add(new Pkt(b.getInt(off) & 0xffffffffL, b.getInt(off + 4) & 0xffffffffL, all.size(), rec));
                off += 16 + incl;
            }
        }
        assertTrue(all.size() > 4000, "packets merged: " + all.size());
        all.sort(Comparator.comparingLong(Pkt::sec).thenComparingLong(Pkt::usec).thenComparingInt(Pkt::seq));
        all.forEach(p -> out.add(p.bytes()));
        return header;
    }

    private static void write(Path f, byte[] header, List<byte[]> records, int from, int to) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(header);
        records.subList(from, to).forEach(o::writeBytes);
        Files.write(f, o.toByteArray());
    }
}
