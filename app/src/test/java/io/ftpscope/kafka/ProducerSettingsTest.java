package io.ftpscope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerSettingsTest {
    @TempDir
    Path tmp;

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static Properties build(Properties file, long timeoutMs, Long buffer, String codec, boolean live) {
        return new ProducerSettings("b1:9092", file, timeoutMs, buffer, codec, live, "ftpscope-x").producerProperties();
    }

    @Test
    void theGuaranteesAreAlwaysOn() {
        Properties p = build(props(), 30_000, null, null, false);
        assertEquals("true", p.get("enable.idempotence"));
        assertEquals("all", p.get("acks"));
        assertEquals("b1:9092", p.get("bootstrap.servers"));
        assertEquals("none", p.get("compression.type"));
        assertEquals("ftpscope-x", p.get("client.id"));
        assertEquals("org.apache.kafka.common.serialization.ByteArraySerializer", p.get("key.serializer"));
        assertNull(p.get("buffer.memory"), "Kafka's default buffer unless asked");
        assertEquals("131072", p.get("batch.size"), "batches of 128 KiB");
        assertEquals("16384", build(props(), 30_000, 65_536L, null, false).get("batch.size"), "never more than an eighth of the buffer");
        assertEquals("1000", build(props("batch.size", "1000"), 30_000, null, null, false).get("batch.size"), "the file's own");
    }

    @Test
    void oneTimeBudgetForBlockingDeliveryAndRequests() {
        Properties read = build(props(), 3_000, null, null, false);
        assertEquals("3000", read.get("max.block.ms"), "read: a full buffer makes reading wait up to the timeout");
        assertEquals("3000", read.get("delivery.timeout.ms"));
        assertEquals("2995", read.get("request.timeout.ms"), "Kafka wants delivery >= linger (5) + request");
        Properties live = build(props(), 30_000, null, null, true);
        assertEquals(Long.toString(ProducerSettings.LIVE_MAX_BLOCK_MS), live.get("max.block.ms"), "live never stalls capture long");
        assertEquals("30000", live.get("delivery.timeout.ms"));
        assertEquals("29995", live.get("request.timeout.ms"));
    }

    @Test
    void theFileGoesThroughAndOptionsOverrideIt() {
        Properties file = props("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "ssl.truststore.location", "/etc/ts.p12",
                "bootstrap.servers", "other:1", "buffer.memory", "1000000", "compression.type", "gzip", "linger.ms", "50", "client.id", "mine");
        Properties p = build(file, 30_000, null, null, false);
        assertEquals("SASL_SSL", p.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", p.get("sasl.mechanism"));
        assertEquals("/etc/ts.p12", p.get("ssl.truststore.location"));
        assertEquals("b1:9092", p.get("bootstrap.servers"), "--kafka wins");
        assertEquals("1000000", p.get("buffer.memory"));
        assertEquals("gzip", p.get("compression.type"));
        assertEquals("mine", p.get("client.id"));
        Properties o = build(file, 30_000, 4_000_000L, "lz4", false);
        assertEquals("4000000", o.get("buffer.memory"), "--kafka-buffer wins");
        assertEquals("lz4", o.get("compression.type"), "--kafka-compression wins");
    }

    @Test
    void settingsThatWouldBreakTheGuaranteesAreRefused() {
        for (String[] kv : new String[][] {{"acks", "1"}, {"enable.idempotence", "false"}, {"max.block.ms", "1"}, {"delivery.timeout.ms", "5"},
                {"transactional.id", "x"}, {"value.serializer", "org.apache.kafka.common.serialization.StringSerializer"},
                {"compression.type", "zstd"}, {"linger.ms", "soon"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(props(kv), 30_000, null, null, false),
                    kv[0] + "=" + kv[1]);
            assertTrue(e.getMessage().contains(kv[0]) || e.getMessage().contains(kv[1]), e.getMessage());
        }
        assertEquals("all", build(props("acks", "-1", "enable.idempotence", "TRUE"), 30_000, null, null, false).get("acks"));
        assertThrows(IllegalArgumentException.class, () -> build(props(), 30_000, null, "snappy", false));
    }

    @Test
    void bootstrapAndTopicAreChecked() {
        assertNull(ProducerSettings.checkBootstrap("127.0.0.1:9092"));
        assertNull(ProducerSettings.checkBootstrap("k1.example.org:9093, k2.example.org:9093,[::1]:9092"));
        for (String bad : new String[] {"", "localhost", "host:", ":9092", "host:99999", "host:9092,", "http://host:9092", "a b:1"}) {
            String why = ProducerSettings.checkBootstrap(bad);
            assertTrue(why != null && why.startsWith("--kafka"), bad + " -> " + why);
        }
        assertNull(ProducerSettings.checkTopic("ftp.events-1_a"));
        for (String bad : new String[] {"", ".", "..", "has space", "x".repeat(250), "ä"}) {
            assertTrue(ProducerSettings.checkTopic(bad) != null, bad);
        }
        assertTrue(ProducerSettings.checkTopic(null).contains("--kafka-topic"));
    }

    @Test
    void aPropertiesFileIsReadOrExplained() throws Exception {
        Path f = tmp.resolve("k.properties");
        Files.writeString(f, "# TLS\nsecurity.protocol=SSL\nssl.truststore.location = /etc/ts.p12\n");
        Properties p = ProducerSettings.load(f);
        assertEquals("SSL", p.get("security.protocol"));
        assertEquals("/etc/ts.p12", p.get("ssl.truststore.location"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProducerSettings.load(tmp.resolve("none")));
        assertEquals("--kafka-config " + tmp.resolve("none") + ": no such file", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ProducerSettings.load(tmp));
        assertTrue(e.getMessage().startsWith("--kafka-config " + tmp + ": cannot read it"), e.getMessage());
    }
}
