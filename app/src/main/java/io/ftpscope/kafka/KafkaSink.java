package io.ftpscope.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The JSONL events as Kafka records: a {@link JsonlSink} writes each event exactly as `--format
 * jsonl` would, a {@link LineSplitter} cuts its output into lines, and each line goes out as one
 * record keyed by its own `session` field, so all of a session's events land in one partition, in
 * order. Events that belong to no session (the final `stats`, and `unlinked_data_connection`
 * diagnostics) are keyed by the sensor name instead.
 *
 * The key comes from the line, not from the callback that wrote it: JsonlSink may hold lines back
 * and write several at once (it flushes at most every 100 ms when reading files), so the callback
 * that is running when a line reaches the splitter need not be the one that made it.
 */
public final class KafkaSink implements OutputSink {
    private static final byte[] FIELD = "\"session\":".getBytes(StandardCharsets.US_ASCII);
    /** JsonlSink starts every line with event, ts and session, so the field is near the start. */
    private static final int SEARCH = 200;
    private static final JsonFactory JSON = new JsonFactory();

    private final Delivery delivery;
    private final Duration closeTimeout;
    private final byte[] sensorKey;
    private final LineSplitter splitter;
    private final JsonlSink lines;
    private Delivery.Outcome outcome;

    /** @param drops frames libpcap dropped (live), or null when reading files; as for JsonlSink */
    public KafkaSink(Delivery delivery, Duration closeTimeout, String sensor, Redactor redactor, LongSupplier drops) throws IOException {
        this.delivery = delivery;
        this.closeTimeout = closeTimeout;
        this.sensorKey = sensor.getBytes(StandardCharsets.UTF_8);
        this.splitter = new LineSplitter(line -> delivery.send(key(line, sensorKey), line));
        this.lines = new JsonlSink(splitter, redactor, drops);
    }

    /** The record key of a JSONL line: its session id, or {@code none} when the session is null. */
    static byte[] key(byte[] line, byte[] none) {
        int at = indexOf(line, FIELD, Math.min(line.length, SEARCH));
        if (at >= 0) {
            int v = at + FIELD.length;
            if (v < line.length && line[v] == '"') {
                for (int i = v + 1; i < line.length; i++) {
                    if (line[i] == '\\') {
                        break; // an escape: not an id ftpscope makes; let the parser decide
                    }
                    if (line[i] == '"') {
                        return Arrays.copyOfRange(line, v + 1, i);
                    }
                }
            } else if (v + 4 <= line.length && line[v] == 'n' && line[v + 1] == 'u' && line[v + 2] == 'l' && line[v + 3] == 'l') {
                return none;
            }
        }
        return parsedKey(line, none);
    }

    private static byte[] parsedKey(byte[] line, byte[] none) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (name.equals("session")) {
                        return t == JsonToken.VALUE_STRING ? p.getText().getBytes(StandardCharsets.UTF_8) : none;
                    }
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // not JSON: cannot happen with JsonlSink's output; such a line is still sent, under the sensor key
        }
        return none;
    }

    private static int indexOf(byte[] a, byte[] b, int limit) {
        outer:
        for (int i = 0; i + b.length <= limit; i++) {
            for (int j = 0; j < b.length; j++) {
                if (a[i + j] != b[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void sessionStart(FtpSession s) {
        lines.sessionStart(s);
    }

    @Override
    public void command(FtpSession s, CommandEntry e) {
        lines.command(s, e);
    }

    @Override
    public void reply(FtpSession s, CommandEntry e, TimedReply r) {
        lines.reply(s, e, r);
    }

    @Override
    public void dataOpen(FtpSession s, DataConn d) {
        lines.dataOpen(s, d);
    }

    @Override
    public void dataClose(FtpSession s, DataConn d) {
        lines.dataClose(s, d);
    }

    @Override
    public void sessionEnd(FtpSession s) {
        lines.sessionEnd(s);
    }

    @Override
    public void unlinked(DataConn d) {
        lines.unlinked(d);
    }

    /** Sends the `stats` event, then waits (at most the close timeout) for the broker's acknowledgements. */
    @Override
    public void close(RunTotals totals) throws IOException {
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
