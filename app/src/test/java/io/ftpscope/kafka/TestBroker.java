package io.ftpscope.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) inside the test JVM, on
 * 127.0.0.1 with free ports and its log in a directory of the test's. Built from the broker's own
 * Maven artifacts: the storage is formatted with a random cluster id, as `kafka-storage.sh format`
 * does, then {@link KafkaRaftServer} is started. It can be stopped and started again on the same
 * port and log, to check what was really written while it was down.
 */
public final class TestBroker implements AutoCloseable {
    /** The one line ftpscope prints when events did not reach the broker: how many not delivered, of how many, topic, bootstrap, why. */
    public static final Pattern NOT_DELIVERED = Pattern.compile(
            "ftpscope: kafka: ([\\d,]+) of ([\\d,]+) events not delivered to (\\S+) at (\\S+) \\((.+)\\)");
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    public TestBroker(Path dir) throws Exception {
        this.dir = dir;
        this.port = freePort();
        this.controllerPort = freePort();
        Formatter f = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .addDirectory(dir.toString())
                .setMetadataLogDirectory(dir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
        f.run();
    }

    /**
     * By hand (the examples in docs/scale-out.md): `TestBroker DIR [TOPIC:PARTITIONS...]` prints the
     * bootstrap address, then obeys `stop`, `start`, `dump TOPIC` (every record) and `quit` lines on
     * standard input.
     */
    public static void main(String[] args) throws Exception {
        try (TestBroker b = new TestBroker(Path.of(args[0])).start()) {
            for (int i = 1; i < args.length; i++) {
                String[] t = args[i].split(":");
                b.createTopic(t[0], Integer.parseInt(t[1]));
            }
            System.out.println(b.bootstrap());
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.strip().equals("quit"); ) {
                if (line.strip().equals("stop")) {
                    b.stop();
                } else if (line.strip().equals("start")) {
                    b.start();
                } else if (line.startsWith("dump ")) {
                    for (ConsumerRecord<byte[], byte[]> r : b.readAll(line.substring(5).strip(), Duration.ofSeconds(30))) {
                        StringBuilder h = new StringBuilder();
                        r.headers().forEach(x -> h.append(' ').append(x.key()).append('=').append(new String(x.value(), UTF_8)));
                        System.out.println("partition " + r.partition() + " offset " + r.offset() + " key " + new String(r.key(), UTF_8)
                                + h + " value " + new String(r.value(), UTF_8));
                    }
                }
                System.out.println("ok " + line.strip());
            }
        }
        System.exit(0);
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public TestBroker start() throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("metadata.log.dir", dir.toString());
        p.put("num.partitions", "4");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // a small machine: few threads, no 128 MiB cleaner buffer
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.put("log.cleaner.threads", "1");
        server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
        server.startup();
        awaitReady(Duration.ofSeconds(60));
        return this;
    }

    /** A controlled shutdown: the broker is gone (its port refuses connections) when this returns. */
    public void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public void createTopic(String name, int partitions) throws Exception {
        try (Admin a = admin()) {
            a.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Every record in the topic, read from the beginning to the end offsets of each partition. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration max) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, max).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, max);
            long deadline = System.nanoTime() + max.toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp, max) < end.get(tp))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end + " within " + max);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    /** Records in the topic now: the sum of its partitions' end offsets (nothing is ever deleted here). */
    public long count(String topic) throws Exception {
        try (Admin a = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            a.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return a.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    /** Waits until the topic holds records and their number has not changed for a second. */
    public long awaitSteadyCount(String topic, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        long last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() - deadline < 0) {
            long c = count(topic);
            if (c != last) {
                last = c;
                since = System.nanoTime();
            } else if (c > 0 && System.nanoTime() - since > 1_000_000_000L) {
                return c;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no steady event count in " + topic + " within " + max + " (last " + last
                + "): ftpscope published nothing meanwhile");
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    private void awaitReady(Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        try (Admin a = admin()) {
            while (true) {
                try {
                    if (!a.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("the test broker did not come up within " + max, e);
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
