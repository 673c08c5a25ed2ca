package io.ftpscope.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer's configuration: the user's properties file (TLS, SASL, tuning) first, ftpscope's
 * options over it, and the settings ftpscope's guarantees rest on forced. Every mistake is an
 * {@link IllegalArgumentException} whose message is the one line the user sees.
 */
public final class ProducerSettings {
    /** How long a `live` send may stall the capture thread waiting for metadata or buffer space. */
    public static final long LIVE_MAX_BLOCK_MS = 100;

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):(\\d{1,5})");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    /** gzip is in the JDK and lz4-java is pure Java where its native code is missing; zstd and snappy are not shipped. */
    private static final Set<String> CODECS = Set.of("none", "gzip", "lz4");
    /** Set from ftpscope's own options; a properties file that sets them is refused rather than silently overridden. */
    private static final Set<String> OWNED = Set.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, ProducerConfig.MAX_BLOCK_MS_CONFIG, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);

    private final String bootstrap;
    private final Properties file;
    private final long timeoutMs;
    private final Long bufferBytes;
    private final String compression;
    private final boolean live;
    private final String clientId;

    /**
     * @param file        the --kafka-config properties (empty when none)
     * @param bufferBytes --kafka-buffer, or null for the file's buffer.memory or Kafka's default (32 MiB)
     * @param compression --kafka-compression, or null for the file's compression.type or none
     */
    public ProducerSettings(String bootstrap, Properties file, long timeoutMs, Long bufferBytes, String compression, boolean live,
                            String clientId) {
        this.bootstrap = bootstrap;
        this.file = file;
        this.timeoutMs = timeoutMs;
        this.bufferBytes = bufferBytes;
        this.compression = compression;
        this.live = live;
        this.clientId = clientId;
    }

    /** A comma-separated list of HOST:PORT, as Kafka's bootstrap.servers; null when fine, else what is wrong. */
    public static String checkBootstrap(String servers) {
        if (servers == null || servers.isBlank()) {
            return "--kafka needs the broker list as HOST:PORT[,HOST:PORT...]";
        }
        for (String s : servers.split(",", -1)) {
            var m = HOST_PORT.matcher(s.strip());
            if (!m.matches()) {
                return "--kafka '" + servers + "': '" + s.strip() + "' is not HOST:PORT";
            }
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                return "--kafka '" + servers + "': port " + port + " is out of range";
            }
        }
        return null;
    }

    /** Kafka's own rule for topic names; null when fine. */
    public static String checkTopic(String topic) {
        if (topic == null) {
            return "--kafka needs --kafka-topic TOPIC";
        }
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            return "--kafka-topic '" + topic + "': a topic name is 1 to 249 of the characters A-Z a-z 0-9 . _ -";
        }
        return null;
    }

    /** Reads a Java properties file (--kafka-config). */
    public static Properties load(Path path) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--kafka-config " + path + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--kafka-config " + path + ": cannot read it (" + e.getMessage() + ")");
        }
        return p;
    }

    public long maxBlockMs() {
        return live ? Math.min(LIVE_MAX_BLOCK_MS, timeoutMs) : timeoutMs;
    }

    /** The properties handed to KafkaProducer. */
    public Properties producerProperties() {
        for (String k : OWNED) {
            if (file.containsKey(k)) {
                throw new IllegalArgumentException("--kafka-config sets " + k + ", which ftpscope sets itself"
                        + (k.endsWith("timeout.ms") || k.equals(ProducerConfig.MAX_BLOCK_MS_CONFIG) ? " (use --kafka-timeout)" : ""));
            }
        }
        String idem = file.getProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        if (idem != null && !idem.strip().equalsIgnoreCase("true")) {
            throw new IllegalArgumentException("--kafka-config sets enable.idempotence=" + idem + ": ftpscope always uses the idempotent producer");
        }
        String acks = file.getProperty(ProducerConfig.ACKS_CONFIG);
        if (acks != null && !acks.strip().equalsIgnoreCase("all") && !acks.strip().equals("-1")) {
            throw new IllegalArgumentException("--kafka-config sets acks=" + acks + ": the idempotent producer needs acks=all");
        }
        Properties p = new Properties();
        p.putAll(file);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        if (bufferBytes != null) {
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(bufferBytes));
        }
        if (!p.containsKey(ProducerConfig.BATCH_SIZE_CONFIG)) {
            // Kafka's 16 KiB batches hold ~40 events; with at most 5 requests in flight per partition
            // (idempotence) that capped a read at about a third of the rate 128 KiB batches reach
            // (docs/scale-out.md). A batch is never more than an eighth of the buffer.
            long buffer = parseLong(p, ProducerConfig.BUFFER_MEMORY_CONFIG, 32L << 20);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, Long.toString(Math.max(16_384, Math.min(131_072, buffer / 8))));
        }
        String codec = compression != null ? compression : p.getProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        codec = codec.strip().toLowerCase(Locale.ROOT);
        if (!CODECS.contains(codec)) {
            throw new IllegalArgumentException("compression '" + codec + "' is not available: use none, gzip or lz4");
        }
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
        // One time budget: how long a send may wait, how long a record may take to be acknowledged
        // (retries included), and each request within it (Kafka wants delivery >= linger + request).
        long linger = parseLong(p, ProducerConfig.LINGER_MS_CONFIG, 5);
        long request = Math.min(parseLong(p, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000), Math.max(1, timeoutMs - linger));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(maxBlockMs()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(timeoutMs, linger + request)));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(request));
        return p;
    }

    private static long parseLong(Properties p, String key, long dflt) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--kafka-config sets " + key + "=" + v + ", which is not a number");
        }
    }
}
