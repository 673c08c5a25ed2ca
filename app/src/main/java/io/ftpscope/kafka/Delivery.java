package io.ftpscope.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Hands records to a Kafka producer and keeps the books: every record handed in is either
 * acknowledged by the broker or counted as not delivered, never dropped unseen.
 *
 * A send can block: the producer waits (up to max.block.ms) for the topic's metadata and for room in
 * its buffer. On `read` that wait is the back-pressure that slows reading to Kafka's pace. When a
 * send could not even be queued in that time the broker is taken as unreachable and sending is
 * suspended for {@code holdOffNanos}, the records meanwhile counted as not delivered at once, so that
 * a dead broker costs one wait, not one wait per event ({@link #FOR_GOOD} on `read`: the rest of the
 * run; `live` tries again after the hold-off, a sensor outlives a broker restart).
 *
 * Threads: {@link #send} is called by one thread (the pipeline's); the producer calls back on its own
 * I/O thread, so the counters it touches are atomic.
 */
public final class Delivery {
    /** Hold-off meaning: never try again in this run. */
    public static final long FOR_GOOD = Long.MAX_VALUE;

    /** What became of the records of a run. */
    public record Outcome(long events, long delivered, String firstError) {
        public long notDelivered() {
            return events - delivered;
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Header[] headers;
    private final long holdOffNanos;
    private final LongSupplier nanoClock;
    private final Consumer<String> warn;
    private final Callback callback = this::completed;

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    /** Set while this class is inside producer.send(): a callback on that thread then is a failure to queue. */
    private volatile Thread sending;
    /** The failure reported to the callback inside producer.send(), if any: the record was not queued. */
    private Exception queueError;
    private long events;
    private long skipped;
    private boolean suspended;
    private long resumeAt;
    private Outcome outcome;

    /**
     * @param warn told when the first record fails and when sending is first suspended (once each per
     *             run, so a long outage is not a flood of lines); null to stay silent until the end
     */
    public Delivery(Producer<byte[], byte[]> producer, String topic, List<Header> headers, long holdOffNanos,
                    LongSupplier nanoClock, Consumer<String> warn) {
        this.producer = producer;
        this.topic = topic;
        this.headers = headers.toArray(new Header[0]);
        this.holdOffNanos = holdOffNanos;
        this.nanoClock = nanoClock;
        this.warn = warn;
    }

    /**
     * Waits up to {@code max} for the topic's partitions, so the first events need not wait and a
     * broker that is down is known before capture starts. False (and sending suspended) when none came.
     */
    public boolean awaitTopic(Duration max) {
        long deadline = nanoClock.getAsLong() + max.toNanos();
        while (true) {
            try {
                producer.partitionsFor(topic);
                return true;
            } catch (RuntimeException e) {
                if (nanoClock.getAsLong() - deadline >= 0 || !(e instanceof TimeoutException)) {
                    // each try waits max.block.ms, which on `live` is far shorter than the whole wait
                    Exception why = e instanceof TimeoutException
                            ? new TimeoutException("topic " + topic + " not known to any broker after " + max.toMillis() + " ms") : e;
                    note(why);
                    suspend(why);
                    return false;
                }
            }
        }
    }

    /** One event: queued for the broker, or counted as not delivered while sending is suspended. */
    public void send(byte[] key, byte[] value) {
        events++;
        if (suspended) {
            if (holdOffNanos == FOR_GOOD || nanoClock.getAsLong() - resumeAt < 0) {
                skipped++;
                return;
            }
            suspended = false;
        }
        queueError = null;
        sending = Thread.currentThread();
        RuntimeException thrown = null;
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, new RecordHeaders(headers)), callback);
        } catch (RuntimeException e) {
            thrown = e; // not an ApiException (those come through the callback): closed producer, interrupted
            note(e);
        } finally {
            sending = null;
        }
        if (thrown != null || queueError != null) {
            suspend(thrown != null ? thrown : queueError);
        }
    }

    private void completed(RecordMetadata m, Exception e) {
        if (e == null) {
            delivered.incrementAndGet();
            return;
        }
        boolean inSend = Thread.currentThread() == sending;
        if (inSend) {
            queueError = e;
        }
        if (note(e) && warn != null && !inSend) {
            warn.accept("events are failing (" + firstError.get() + "); they are counted and reported at the end");
        }
    }

    /** Keeps the first failure's reason; true when this was it. */
    private boolean note(Exception e) {
        return firstError.get() == null && firstError.compareAndSet(null, describe(e, connections()));
    }

    private void suspend(Exception why) {
        boolean first = !suspended && skipped == 0;
        suspended = true;
        resumeAt = holdOffNanos == FOR_GOOD ? 0 : nanoClock.getAsLong() + holdOffNanos;
        if (first && warn != null) {
            warn.accept("cannot queue events (" + describe(why, connections()) + "); counting them as not delivered"
                    + (holdOffNanos == FOR_GOOD ? "" : " and trying again every " + Math.max(1, holdOffNanos / 1_000_000_000L) + " s"));
        }
    }

    /** The producer's open connections to brokers, or -1 when it does not say (a mock). */
    private long connections() {
        try {
            for (var m : producer.metrics().entrySet()) {
                if (m.getKey().name().equals("connection-count") && m.getKey().group().equals("producer-metrics")
                        && m.getValue().metricValue() instanceof Number n) {
                    return n.longValue();
                }
            }
        } catch (RuntimeException e) {
            // metrics are a hint for the message only
        }
        return -1;
    }

    /**
     * Lets the producer deliver what it holds, for at most {@code timeout}; what is still
     * unacknowledged then is abandoned and counted. Idempotent.
     */
    public Outcome close(Duration timeout) {
        if (outcome == null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                note(e);
            }
            outcome = new Outcome(events, delivered.get(), firstError.get());
        }
        return outcome;
    }

    public long events() {
        return events;
    }

    /** Records that were never handed to the producer because sending was suspended. */
    public long skipped() {
        return skipped;
    }

    /**
     * Why a record failed, in one line: the producer's own message, whose wording is specific, after
     * "broker unreachable" when the producer had no connection to any broker at that moment.
     */
    static String describe(Exception e, long connections) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        if (msg.endsWith(".")) {
            msg = msg.substring(0, msg.length() - 1);
        }
        msg = msg.replace('\n', ' ');
        if (connections == 0) {
            return "broker unreachable: " + msg;
        }
        return (t instanceof TimeoutException ? "timed out: " : "") + msg;
    }
}
