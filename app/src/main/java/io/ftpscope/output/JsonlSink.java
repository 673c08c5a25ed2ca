package io.ftpscope.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.TimedReply;
import io.ftpscope.session.Transfer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * `--format jsonl`: one JSON object per line, written as things happen (docs/json.md, "JSONL
 * events"). On `live` each line is flushed on its own so a reader of a pipe sees events without
 * delay; when reading files, lines are flushed at least every 100 ms.
 */
public final class JsonlSink implements OutputSink {
    private final OutputStream out;
    private final JsonGenerator g;
    private final SessionJson json;
    private final Redactor redactor;
    private final LongSupplier drops;
    /** Transfers already reported: one is written when both its final reply and its data close are seen. */
    private final Set<Transfer> written = Collections.newSetFromMap(new IdentityHashMap<>());
    private long lastTs;
    private static final long FLUSH_NANOS = 100_000_000L;
    private long lastFlush = System.nanoTime();

    /** @param drops frames libpcap dropped (live capture), or null when reading files */
    public JsonlSink(OutputStream out, Redactor redactor, LongSupplier drops) throws IOException {
        this.out = out;
        this.g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // Jackson separates root values with a space written before the next one; a line must end
        // as soon as its event is complete, so the newline is written by hand after each object.
        g.setRootValueSeparator(null);
        this.json = new SessionJson(redactor);
        this.redactor = redactor;
        this.drops = drops;
    }

    private void begin(String event, long ts, String session) throws IOException {
        lastTs = Math.max(lastTs, ts);
        g.writeStartObject();
        JsonNames.string(g, JsonNames.F_EVENT, event);
        json.time(g, JsonNames.F_TS, ts);
        JsonNames.string(g, JsonNames.F_SESSION, session);
    }

    private void end() throws IOException {
        g.writeEndObject();
        g.writeRaw('\n');
        // Live: every line at once. Reading files: at most every FLUSH_NANOS, so a pipe reader still
        // sees events promptly without one write() per event (which cost more than the events).
        if (drops != null) {
            g.flush();
        } else {
            long t = System.nanoTime();
            if (t - lastFlush >= FLUSH_NANOS) {
                lastFlush = t;
                g.flush();
            }
        }
    }

    @Override
    public void sessionStart(FtpSession s) {
        try {
            begin("session_start", s.startTs, s.id);
            SessionJson.endpoint(g, "client", s.clientIp(), s.clientPort());
            SessionJson.endpoint(g, "server", s.serverIp(), s.serverPort());
            JsonNames.string(g, JsonNames.F_TLS, s.tls);
            JsonNames.bool(g, JsonNames.F_DETECTED_BY_CONTENT, s.detectedByContent);
            end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void command(FtpSession s, CommandEntry e) {
        try {
            begin("command", e.ts, s.id);
            JsonNames.number(g, JsonNames.F_FRAME, e.frame);
            JsonNames.string(g, JsonNames.F_COMMAND, e.verb);
            JsonNames.string(g, JsonNames.F_ARG, redactor.arg(e));
            if (!e.valid) {
                JsonNames.bool(g, JsonNames.F_VALID, false);
            }
            if (e.truncated) {
                JsonNames.bool(g, JsonNames.F_TRUNCATED, true);
            }
            end();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    @Override
    public void reply(FtpSession s, CommandEntry e, TimedReply r) {
        try {
            begin("reply", r.ts(), s.id);
            JsonNames.string(g, JsonNames.F_COMMAND, e.verb);
            JsonNames.number(g, JsonNames.F_CODE, r.reply().code());
            JsonNames.string(g, JsonNames.F_TEXT, r.reply().text());
            JsonNames.number(g, JsonNames.F_FRAME, r.frame());
            JsonNames.bool(g, JsonNames.F_PRELIMINARY, e.reply != r);
            if (r.reply().truncated()) {
                JsonNames.bool(g, JsonNames.F_TRUNCATED, true);
            }
            end();
            if (e.reply == r && e.transfer != null && (e.transfer.data == null || e.transfer.data.closed())) {
                transfer(s, e.transfer);
            }
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    @Override
    public void dataOpen(FtpSession s, DataConn d) {
        data("data_open", d.conn.startTs(), d);
    }

    @Override
    public void dataClose(FtpSession s, DataConn d) {
        data("data_close", d.closeTs, d);
        Transfer t = d.transfer;
        // TLS hides the reply: a transfer tied by timing is complete when its connection is.
        if (t != null && (t.finalReply() != null || t.command == null)) {
            transfer(s, t);
        }
    }

    private void data(String event, long ts, DataConn d) {
        try {
            begin(event, ts, d.session == null ? null : d.session.id);
            json.dataConnFields(g, d);
            end();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private void transfer(FtpSession s, Transfer t) {
        if (!written.add(t)) {
            return;
        }
        try {
            begin("transfer", t.endTs(), s.id);
            json.transferFields(g, t);
            end();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    @Override
    public void sessionEnd(FtpSession s) {
        try {
            for (Transfer t : s.transfers) {
                transfer(s, t); // still unreported: no final reply (incomplete) or never connected
                written.remove(t);
            }
            for (Diagnostic d : s.diagnostics) {
                begin("diagnostic", s.endTs, s.id);
                json.diagnosticFields(g, d);
                end();
            }
            begin("session_end", s.endTs, s.id);
            json.sessionFields(g, s);
            JsonNames.number(g, JsonNames.F_COMMAND_COUNT, s.commands.size());
            JsonNames.number(g, JsonNames.F_TRANSFER_COUNT, s.transfers.size());
            JsonNames.number(g, JsonNames.F_DATA_CONNECTION_COUNT, s.dataConns.size());
            end();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** A connection between FTP hosts that no announcement explained: a diagnostic with no session. */
    @Override
    public void unlinked(DataConn d) {
        try {
            begin("diagnostic", d.conn.startTs(), null);
            JsonNames.string(g, JsonNames.F_CODE, "unlinked_data_connection");
            JsonNames.string(g, JsonNames.F_SEVERITY, "warning");
            JsonNames.string(g, JsonNames.F_MESSAGE, d.unlinkedReason);
            JsonNames.object(g, JsonNames.F_DATA_CONNECTION);
            json.dataConnFields(g, d);
            g.writeEndObject();
            end();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    @Override
    public void close(RunTotals t) throws IOException {
        begin("stats", lastTs, null);
        if (drops != null) {
            JsonNames.number(g, JsonNames.F_DROPS, drops.getAsLong());
        }
        JsonDocumentSink.statsFields(g, t);
        end();
        g.close();
        out.flush();
    }
}
