package io.ftpscope.cli;

import io.ftpscope.kafka.Delivery;
import io.ftpscope.kafka.KafkaSink;
import io.ftpscope.kafka.ProducerSettings;
import io.ftpscope.output.Fmt;
import io.ftpscope.output.OutputSink;
import io.ftpscope.output.Redactor;
import io.ftpscope.output.TeeSink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import picocli.CommandLine.Option;

/**
 * `--kafka`: the JSONL events also go to a Kafka topic, beside whatever `--format` prints
 * (docs/scale-out.md). Shared by `read` and `live`; the commands call {@link #start}, {@link #tee}
 * and {@link #finish} and nothing else.
 */
public final class KafkaOptions {
    @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
            description = "also publish every JSONL event to Kafka; BOOTSTRAP is HOST:PORT[,HOST:PORT...] (needs --kafka-topic)")
    String bootstrap;

    @Option(names = "--kafka-topic", paramLabel = "TOPIC", description = "the topic; records are keyed by session id")
    String topic;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Java properties for the producer (security.protocol, ssl.*, sasl.*, linger.ms, ...); the options here override it")
    Path config;

    @Option(names = "--kafka-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "longest wait for the broker: per send (read), per record's delivery, and at the end (default: ${DEFAULT-VALUE})")
    double timeout;

    @Option(names = "--kafka-buffer", paramLabel = "BYTES",
            description = "producer buffer; when full, read waits for the broker and live counts events as not delivered (default: 33554432)")
    Long buffer;

    @Option(names = "--kafka-compression", paramLabel = "CODEC", description = "none, gzip or lz4 (default: none)")
    String compression;

    @Option(names = "--kafka-sensor", paramLabel = "NAME",
            description = "names this sensor in each record's `sensor` header and keys the events of no session (default: the host name)")
    String sensor;

    /** Makes the producer; tests put a MockProducer here to see the records without a broker. */
    static Function<Properties, Producer<byte[], byte[]>> producers = KafkaProducer::new;

    private Delivery delivery;
    private KafkaSink sink;

    boolean enabled() {
        return bootstrap != null || topic != null || config != null;
    }

    /** Longest time {@link #finish} may wait for the broker after input ends. */
    long closeSeconds() {
        return enabled() ? (long) Math.ceil(timeout) : 0;
    }

    /**
     * Checks the options and starts the producer. Returns null when all is well (or Kafka was not asked
     * for), else the one-line message for a usage error.
     *
     * @param warnings where a long run says as soon as events start failing; null: only the final line
     */
    String start(boolean live, PrintStream warnings) {
        if (!enabled()) {
            return null;
        }
        String bad = bootstrap == null ? "--kafka-topic and --kafka-config need --kafka BOOTSTRAP" : ProducerSettings.checkBootstrap(bootstrap);
        if (bad == null) {
            bad = ProducerSettings.checkTopic(topic);
        }
        if (bad == null && !(timeout >= 1 && timeout <= 86_400)) {
            bad = "--kafka-timeout must be between 1 and 86400 seconds";
        }
        if (bad == null && buffer != null && buffer < 65_536) {
            bad = "--kafka-buffer must be at least 65536 bytes";
        }
        if (bad == null && sensor != null && sensor.isBlank()) {
            bad = "--kafka-sensor must not be empty";
        }
        if (bad != null) {
            return bad;
        }
        String name = sensor != null ? sensor : hostName();
        long timeoutMs = Math.round(timeout * 1000);
        Properties props;
        try {
            Properties file = config == null ? new Properties() : ProducerSettings.load(config);
            props = new ProducerSettings(bootstrap, file, timeoutMs, buffer, compression, live, "ftpscope-" + name).producerProperties();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        Producer<byte[], byte[]> producer;
        try {
            producer = producers.apply(props);
        } catch (KafkaException e) {
            String why = rootMessage(e);
            return why.startsWith("No resolvable bootstrap urls") ? "--kafka '" + bootstrap + "': no host name in it resolves"
                    : "kafka: cannot start the producer: " + why;
        }
        List<Header> headers = List.of(new RecordHeader("sensor", name.getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("run", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)));
        long holdOff = live ? timeoutMs * 1_000_000L : Delivery.FOR_GOOD;
        delivery = new Delivery(producer, topic, headers, holdOff, System::nanoTime,
                warnings == null ? null : w -> warnings.println("ftpscope: kafka: " + topic + " at " + bootstrap + ": " + w));
        delivery.awaitTopic(Duration.ofMillis(timeoutMs));
        sensor = name;
        return null;
    }

    /** The output plus the Kafka sink when --kafka is given; closing the result closes both. */
    OutputSink tee(OutputSink out, Redactor redactor, LongSupplier drops) throws IOException {
        if (delivery == null) {
            return out;
        }
        sink = new KafkaSink(delivery, Duration.ofMillis(Math.round(timeout * 1000)), sensor, redactor, drops);
        return new TeeSink(out, sink);
    }

    /** Nothing was analysed (the run failed early): let the producer go without waiting. */
    void abandon() {
        if (delivery != null) {
            delivery.close(Duration.ZERO);
        }
    }

    /**
     * After the outputs are closed: one line on standard error saying what reached Kafka. Returns the
     * exit code Kafka asks for: {@link Main#DAMAGED} when any event was not delivered.
     */
    int finish(PrintStream err) {
        if (delivery == null) {
            return Main.OK;
        }
        Delivery.Outcome o = sink != null && sink.outcome() != null ? sink.outcome() : delivery.close(Duration.ZERO);
        String where = " to " + topic + " at " + bootstrap;
        if (o.notDelivered() == 0) {
            err.println("ftpscope: kafka: " + Fmt.n(o.events()) + " events delivered" + where);
            return Main.OK;
        }
        err.println("ftpscope: kafka: " + Fmt.n(o.notDelivered()) + " of " + Fmt.n(o.events()) + " events not delivered" + where + " ("
                + (o.firstError() != null ? o.firstError() : "not acknowledged within " + Fmt.n(closeSeconds()) + " s") + ")");
        return Main.DAMAGED;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** The kernel's host name; no DNS lookup, which could hang on a sensor with broken resolution. */
    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (IOException | RuntimeException e) {
                h = null;
            }
        }
        return h == null || h.isBlank() ? "ftpscope" : h;
    }
}
