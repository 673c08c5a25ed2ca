package io.ftpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.testutil.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * `read --kafka` through the real command line, with Kafka's MockProducer in place of the network:
 * what records are made from which events, and how failures and mistakes are told. The real broker
 * is in KafkaIT.
 */
class KafkaOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<MockProducer<byte[], byte[]>> made = new ArrayList<>();
    private final List<Properties> configs = new ArrayList<>();
    private final Function<Properties, Producer<byte[], byte[]>> real = KafkaOptions.producers;

    @TempDir
    Path tmp;

    @AfterEach
    void restore() {
        KafkaOptions.producers = real;
    }

    private void mock(boolean autoComplete) {
        KafkaOptions.producers = props -> {
            configs.add(props);
            MockProducer<byte[], byte[]> p = new MockProducer<>(autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
            made.add(p);
            return p;
        };
    }

    static Stream<String> captures() throws IOException {
        return JsonlConsistencyTest.captures();
    }

    private static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("captures")
    void everyEventIsOneRecordWithTheJsonlLineAsValueAndItsSessionAsKey(String name) throws IOException {
        mock(true);
        String file = Project.captures().resolve(name).toString();
        Project.Run plain = Project.run("read", "--format", "jsonl", file);
        Project.Run run = Project.run("read", "--format", "jsonl", "--kafka", "127.0.0.1:9", "--kafka-topic", "ftp",
                "--kafka-sensor", "link-7", file);
        assertEquals(plain.out(), run.out(), "--kafka changes nothing on stdout");
        assertEquals(plain.code(), run.code());
        List<String> lines = plain.out().lines().toList();
        assertEquals(1, made.size());
        List<ProducerRecord<byte[], byte[]>> recs = made.get(0).history();
        assertEquals(lines, recs.stream().map(r -> s(r.value())).toList(), "the records are the JSONL lines, in order");
        Set<String> runs = new HashSet<>();
        for (ProducerRecord<byte[], byte[]> r : recs) {
            JsonNode ev = JSON.readTree(r.value());
            JsonNode session = ev.get("session");
            assertEquals(session.isNull() ? "link-7" : session.asText(), s(r.key()), "key of " + s(r.value()));
            assertEquals("ftp", r.topic());
            assertEquals("link-7", s(r.headers().lastHeader("sensor").value()));
            runs.add(s(r.headers().lastHeader("run").value()));
        }
        assertEquals(1, runs.size(), "one run id for the whole run");
        assertEquals(List.of("ftpscope: kafka: " + String.format("%,d", lines.size()) + " events delivered to ftp at 127.0.0.1:9"),
                run.err().lines().filter(l -> l.startsWith("ftpscope: kafka")).toList());
        assertTrue(made.get(0).closed());
    }

    @Test
    void kafkaGetsJsonlWhateverTheFormatOnStdout() throws IOException {
        mock(true);
        String file = Project.captures().resolve("lftp-mixed.pcap").toString();
        for (String format : new String[] {"text", "json", "zeek"}) {
            made.clear();
            Project.Run plain = Project.run("read", "--format", format, file);
            Project.Run run = Project.run("read", "--format", format, "--kafka", "127.0.0.1:9", "--kafka-topic", "ftp", file);
            assertEquals(plain.out(), run.out(), format);
            assertEquals(0, run.code());
            assertEquals(Project.run("read", "--format", "jsonl", file).out().lines().toList(),
                    made.get(0).history().stream().map(r -> s(r.value())).toList(), format);
        }
    }

    @Test
    void eventsTheBrokerNeverAcknowledgedAreCountedAndMakeExitCodeOne() throws IOException {
        mock(false);
        String file = Project.captures().resolve("parallel-sessions.pcap").toString();
        Project.Run plain = Project.run("read", file);
        Project.Run run = Project.run("read", "--kafka", "127.0.0.1:9", "--kafka-topic", "ftp", "--kafka-timeout", "2", file);
        assertEquals(plain.out(), run.out(), "the results are printed all the same");
        assertEquals(Main.DAMAGED, run.code());
        long events = Project.run("read", "--format", "jsonl", file).out().lines().count();
        assertEquals(List.of("ftpscope: kafka: " + events + " of " + events + " events not delivered to ftp at 127.0.0.1:9 (not acknowledged within 2 s)"),
                run.err().lines().toList());
    }

    @Test
    void theProducerGetsTheOptionsAndTheFile() throws IOException {
        mock(true);
        Path conf = tmp.resolve("k.properties");
        Files.writeString(conf, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nlinger.ms=20\ncompression.type=gzip\n");
        Project.Run run = Project.run("read", "--kafka", "k1:9093,k2:9093", "--kafka-topic", "ftp", "--kafka-config", conf.toString(),
                "--kafka-compression", "lz4", "--kafka-buffer", "1048576", "--kafka-timeout", "7", "--kafka-sensor", "dc1-a",
                Project.captures().resolve("login-failed.pcap").toString());
        assertEquals(0, run.code(), run.err());
        Properties p = configs.get(0);
        assertEquals("k1:9093,k2:9093", p.get("bootstrap.servers"));
        assertEquals("SASL_SSL", p.get("security.protocol"));
        assertEquals("20", p.get("linger.ms"));
        assertEquals("lz4", p.get("compression.type"));
        assertEquals("1048576", p.get("buffer.memory"));
        assertEquals("7000", p.get("max.block.ms"));
        assertEquals("7000", p.get("delivery.timeout.ms"));
        assertEquals("ftpscope-dc1-a", p.get("client.id"));
        assertEquals("true", p.get("enable.idempotence"));
    }

    @Test
    void mistakesAreOneLineAndExitTwoBeforeAnythingIsRead() throws IOException {
        mock(true);
        String file = Project.captures().resolve("login-failed.pcap").toString();
        Path bad = tmp.resolve("bad.properties");
        Files.writeString(bad, "acks=1\n");
        String[][] cases = {
            {"--kafka", "broker", "--kafka-topic", "t"}, {"is not HOST:PORT"},
            {"--kafka", "b:9092"}, {"--kafka needs --kafka-topic TOPIC"},
            {"--kafka-topic", "t"}, {"need --kafka BOOTSTRAP"},
            {"--kafka", "b:9092", "--kafka-topic", "no spaces"}, {"a topic name is"},
            {"--kafka", "b:9092", "--kafka-topic", "t", "--kafka-config", tmp.resolve("missing").toString()}, {"no such file"},
            {"--kafka", "b:9092", "--kafka-topic", "t", "--kafka-config", bad.toString()}, {"acks=1"},
            {"--kafka", "b:9092", "--kafka-topic", "t", "--kafka-timeout", "0"}, {"--kafka-timeout must be"},
            {"--kafka", "b:9092", "--kafka-topic", "t", "--kafka-buffer", "100"}, {"--kafka-buffer must be"},
            {"--kafka", "b:9092", "--kafka-topic", "t", "--kafka-compression", "zstd"}, {"use none, gzip or lz4"},
            {"--kafka", "b:9092", "--kafka-topic", "t", "--tui"}, {"--kafka does not go with --tui"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            List<String> args = new ArrayList<>(List.of("read"));
            args.addAll(List.of(cases[i]));
            args.add(file);
            Project.Run run = Project.run(args.toArray(String[]::new));
            assertEquals(Main.UNUSABLE, run.code(), args + "\n" + run.err());
            assertEquals("", run.out(), args.toString());
            List<String> err = run.err().lines().toList();
            assertEquals(1, err.size(), args + ": " + err);
            assertTrue(err.get(0).startsWith("ftpscope: ") && err.get(0).contains(cases[i + 1][0]), args + ": " + err);
        }
        assertEquals(List.of(), made, "no producer was made for a wrong command line");
    }

    @Test
    void aBrokerNameThatDoesNotResolveStopsTheRealProducerFromStarting() {
        Project.Run run = Project.run("read", "--kafka", "no-such-host.invalid:9092", "--kafka-topic", "t",
                Project.captures().resolve("login-failed.pcap").toString());
        assertEquals(Main.UNUSABLE, run.code());
        assertEquals(List.of("ftpscope: --kafka 'no-such-host.invalid:9092': no host name in it resolves"),
                run.err().lines().toList());
        assertFalse(run.err().contains("Exception"));
    }
}
