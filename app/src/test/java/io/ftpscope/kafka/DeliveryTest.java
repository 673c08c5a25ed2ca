package io.ftpscope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class DeliveryTest {
    private long now = 1_000_000_000L;
    private final List<String> warnings = new ArrayList<>();

    /** A producer that, like KafkaProducer when metadata or buffer space did not come within max.block.ms, fails inside send(). */
    static final class Unqueueable extends MockProducer<byte[], byte[]> {
        boolean down = true;
        int attempts;

        Unqueueable() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> r, Callback cb) {
            attempts++;
            if (!down) {
                return super.send(r, cb);
            }
            TimeoutException e = new TimeoutException("Topic t not present in metadata after 100 ms.");
            cb.onCompletion(null, e); // KafkaProducer.doSend reports an ApiException to the callback, on the caller's thread
            return CompletableFuture.failedFuture(e);
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic) {
            if (down) {
                throw new TimeoutException("Topic t not present in metadata after 100 ms.");
            }
            return List.of();
        }
    }

    private Delivery delivery(MockProducer<byte[], byte[]> p, long holdOff) {
        return new Delivery(p, "t", List.of(new RecordHeader("sensor", "s1".getBytes(StandardCharsets.UTF_8))), holdOff,
                () -> now, warnings::add);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acknowledgedRecordsAreDeliveredWithKeyValueAndHeaders() {
        MockProducer<byte[], byte[]> p = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        Delivery d = delivery(p, Delivery.FOR_GOOD);
        d.send(b("S1"), b("{\"a\":1}"));
        d.send(b("S2"), b("{\"b\":2}"));
        Delivery.Outcome o = d.close(Duration.ofSeconds(1));
        assertEquals(new Delivery.Outcome(2, 2, null), o);
        assertEquals(0, o.notDelivered());
        ProducerRecord<byte[], byte[]> r = p.history().get(1);
        assertEquals("t", r.topic());
        assertEquals("S2", new String(r.key(), StandardCharsets.UTF_8));
        assertEquals("{\"b\":2}", new String(r.value(), StandardCharsets.UTF_8));
        assertEquals("s1", new String(r.headers().lastHeader("sensor").value(), StandardCharsets.UTF_8));
        assertTrue(p.closed());
        assertEquals(List.of(), warnings);
    }

    @Test
    void failedAndUnansweredRecordsAreCountedNotDropped() {
        MockProducer<byte[], byte[]> p = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        Delivery d = delivery(p, Delivery.FOR_GOOD);
        for (int i = 0; i < 5; i++) {
            d.send(b("S1"), b("e" + i));
        }
        assertTrue(p.completeNext());
        assertTrue(p.errorNext(new TimeoutException("Expiring 1 record(s) for t-0:3001 ms has passed since batch creation")));
        // the remaining three are never answered: close gives up on them
        Delivery.Outcome o = d.close(Duration.ZERO);
        assertEquals(5, o.events());
        assertEquals(1, o.delivered());
        assertEquals(4, o.notDelivered());
        assertEquals("timed out: Expiring 1 record(s) for t-0:3001 ms has passed since batch creation", o.firstError());
        assertEquals(1, warnings.size(), "the first failure is told as it happens: " + warnings);
        assertEquals(5, p.history().size(), "async failures do not stop sending");
    }

    @Test
    void onReadASendThatCannotBeQueuedEndsSendingForTheRun() {
        Unqueueable p = new Unqueueable();
        Delivery d = delivery(p, Delivery.FOR_GOOD);
        for (int i = 0; i < 100; i++) {
            d.send(b("S1"), b("e" + i));
            now += 60_000_000_000L;
        }
        assertEquals(1, p.attempts, "a dead broker costs one wait, not one per event");
        assertEquals(99, d.skipped());
        Delivery.Outcome o = d.close(Duration.ZERO);
        assertEquals(100, o.notDelivered());
        assertEquals("timed out: Topic t not present in metadata after 100 ms", o.firstError());
    }

    @Test
    void onLiveSendingResumesAfterTheHoldOff() {
        Unqueueable p = new Unqueueable();
        Delivery d = delivery(p, 5_000_000_000L);
        d.send(b("S1"), b("a"));
        now += 4_000_000_000L;
        d.send(b("S1"), b("b"));
        assertEquals(1, p.attempts, "within the hold-off nothing reaches the producer");
        p.down = false;
        now += 1_000_000_000L;
        d.send(b("S1"), b("c"));
        d.send(b("S1"), b("d"));
        assertEquals(3, p.attempts);
        Delivery.Outcome o = d.close(Duration.ZERO);
        assertEquals(new Delivery.Outcome(4, 2, "timed out: Topic t not present in metadata after 100 ms"), o);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("trying again every 5 s"), warnings.get(0));
    }

    @Test
    void anExceptionThrownBySendIsCountedAndSuspendsSending() {
        MockProducer<byte[], byte[]> p = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        Delivery d = delivery(p, Delivery.FOR_GOOD);
        p.close(); // MockProducer then throws IllegalStateException from send, as KafkaProducer does once closed
        d.send(b("S1"), b("a"));
        d.send(b("S1"), b("b"));
        Delivery.Outcome o = d.close(Duration.ZERO);
        assertEquals(2, o.notDelivered());
        assertEquals(1, d.skipped());
        assertTrue(o.firstError() != null && !o.firstError().isBlank());
    }

    @Test
    void aTopicThatNeverAppearsIsReportedWithTheWholeWait() {
        Unqueueable p = new Unqueueable();
        Delivery d = new Delivery(p, "t", List.of(), Delivery.FOR_GOOD, () -> now += 100_000_000L, warnings::add);
        assertFalse(d.awaitTopic(Duration.ofSeconds(3)));
        d.send(b("S1"), b("a"));
        assertEquals(0, p.attempts);
        assertEquals("timed out: topic t not known to any broker after 3000 ms", d.close(Duration.ZERO).firstError());
    }

    @Test
    void aTopicThatIsThereIsReady() {
        Unqueueable p = new Unqueueable();
        p.down = false;
        Delivery d = delivery(p, Delivery.FOR_GOOD);
        assertTrue(d.awaitTopic(Duration.ofSeconds(3)));
        assertNull(d.close(Duration.ZERO).firstError());
    }

    @Test
    void withNoConnectionTheMessageSaysTheBrokerIsUnreachable() {
        TimeoutException e = new TimeoutException("Expiring 3 record(s) for t-1:3000 ms has passed since batch creation");
        assertEquals("broker unreachable: Expiring 3 record(s) for t-1:3000 ms has passed since batch creation", Delivery.describe(e, 0));
        assertEquals("timed out: Expiring 3 record(s) for t-1:3000 ms has passed since batch creation", Delivery.describe(e, 1));
        assertEquals("Not authorized to access topics: [t]",
                Delivery.describe(new org.apache.kafka.common.errors.TopicAuthorizationException("Not authorized to access topics: [t]"), -1));
    }
}
