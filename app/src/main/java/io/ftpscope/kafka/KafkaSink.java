package io.ftpscope.kafka;

import io.ftpscope.output.JsonlSink;
import io.ftpscope.output.OutputSink;
import io.ftpscope.output.Redactor;
import io.ftpscope.output.RunTotals;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.TimedReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The JSONL events as Kafka records: a {@link JsonlSink} writes each event exactly as `--format
 * jsonl` would, a {@link LineSplitter} cuts its output into lines, and each line goes out as one
 * record keyed by the id of the session whose callback produced it, so all of a session's events land
 * in one partition, in order. Events that belong to no session (the final `stats`, and
 * `unlinked_data_connection` diagnostics) are keyed by the sensor name instead.
 */
public final class KafkaSink implements OutputSink {
    private final Delivery delivery;
    private final Duration closeTimeout;
    private final byte[] sensorKey;
    private final LineSplitter splitter;
    private final JsonlSink lines;
    private byte[] key;
    private Delivery.Outcome outcome;

    /** @param drops frames libpcap dropped (live), or null when reading files; as for JsonlSink */
    public KafkaSink(Delivery delivery, Duration closeTimeout, String sensor, Redactor redactor, LongSupplier drops) throws IOException {
        this.delivery = delivery;
        this.closeTimeout = closeTimeout;
        this.sensorKey = sensor.getBytes(StandardCharsets.UTF_8);
        this.splitter = new LineSplitter(line -> delivery.send(key, line));
        this.lines = new JsonlSink(splitter, redactor, drops);
    }

    private void keyOf(FtpSession s) {
        key = s == null ? sensorKey : s.id.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void sessionStart(FtpSession s) {
        keyOf(s);
        lines.sessionStart(s);
    }

    @Override
    public void command(FtpSession s, CommandEntry e) {
        keyOf(s);
        lines.command(s, e);
    }

    @Override
    public void reply(FtpSession s, CommandEntry e, TimedReply r) {
        keyOf(s);
        lines.reply(s, e, r);
    }

    @Override
    public void dataOpen(FtpSession s, DataConn d) {
        keyOf(s);
        lines.dataOpen(s, d);
    }

    @Override
    public void dataClose(FtpSession s, DataConn d) {
        keyOf(s);
        lines.dataClose(s, d);
    }

    @Override
    public void sessionEnd(FtpSession s) {
        keyOf(s);
        lines.sessionEnd(s);
    }

    @Override
    public void unlinked(DataConn d) {
        keyOf(null);
        lines.unlinked(d);
    }

    /** Sends the `stats` event, then waits (at most the close timeout) for the broker's acknowledgements. */
    @Override
    public void close(RunTotals totals) throws IOException {
        keyOf(null);
        try {
            lines.close(totals);
            splitter.close();
        } finally {
            outcome = delivery.close(closeTimeout);
        }
    }

    /** After {@link #close}: how many events were sent and acknowledged. */
    public Delivery.Outcome outcome() {
        return outcome;
    }
}
