package io.ftpscope.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.ftpscope.capture.FrameRefs;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.Diagnostic;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.TimedReply;
import io.ftpscope.session.Transfer;
import io.ftpscope.session.TransferContent;
import java.io.IOException;

/** Writes the JSON objects of docs/json.md; shared by the document and the line-per-event outputs. */
public final class SessionJson {
    private final Redactor redactor;
    /** Set when several inputs were read: frame numbers then also name their file. */
    private FrameRefs refs;
    private final char[] isoChars = new char[Times.ISO_MAX + 2];

    public SessionJson(Redactor redactor) {
        this.redactor = redactor;
    }

    /** With several inputs, every frame reference also gets {@code file} and {@code file_frame}. */
    public SessionJson frameRefs(FrameRefs r) {
        this.refs = r;
        return this;
    }

    /** A timestamp field, written from a reused char buffer rather than a String per timestamp. */
    void time(JsonGenerator g, SerializedString name, long nanos) throws IOException {
        g.writeFieldName(name);
        isoValue(g, nanos);
    }

    /**
     * An ISO time as a JSON string value. It holds only digits, '-', ':', '.', 'T', 'Z' (and a sign
     * for years beyond 9999), none of which JSON escapes, so it is written raw with its quotes,
     * skipping the generator's per-character escaping check.
     */
    void isoValue(JsonGenerator g, long nanos) throws IOException {
        isoChars[0] = '"';
        int n = Times.iso(nanos, isoChars, 1) + 1;
        isoChars[n++] = '"';
        g.writeRawValue(isoChars, 0, n);
    }

    private void fileRef(JsonGenerator g, long frame) throws IOException {
        if (refs != null && refs.multiple()) {
            JsonNames.string(g, JsonNames.F_FILE, refs.file(frame));
            JsonNames.number(g, JsonNames.F_FILE_FRAME, refs.frameInFile(frame));
        }
    }

    public void session(JsonGenerator g, FtpSession s) throws IOException {
        g.writeStartObject();
        JsonNames.string(g, JsonNames.F_ID, s.id);
        sessionFields(g, s);
        JsonNames.array(g, JsonNames.F_COMMANDS);
        for (CommandEntry e : s.commands) {
            command(g, e);
        }
        g.writeEndArray();
        JsonNames.array(g, JsonNames.F_TRANSFERS);
        for (Transfer t : s.transfers) {
            transfer(g, t);
        }
        g.writeEndArray();
        JsonNames.array(g, JsonNames.F_DATA_CONNECTIONS);
        for (DataConn d : s.dataConns) {
            dataConn(g, d);
        }
        g.writeEndArray();
        JsonNames.array(g, JsonNames.F_DIAGNOSTICS);
        for (Diagnostic d : s.diagnostics) {
            diagnostic(g, d);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The session's scalar fields (everything but id and the arrays): shared with JSONL session_end. */
    public void sessionFields(JsonGenerator g, FtpSession s) throws IOException {
        endpoint(g, "client", s.clientIp(), s.clientPort());
        endpoint(g, "server", s.serverIp(), s.serverPort());
        time(g, JsonNames.F_START, s.startTs);
        time(g, JsonNames.F_END, s.endTs);
        JsonNames.string(g, JsonNames.F_USER, s.user);
        JsonNames.string(g, JsonNames.F_LOGIN, s.login);
        JsonNames.number(g, JsonNames.F_FAILED_LOGINS, s.failedLogins);
        JsonNames.string(g, JsonNames.F_TLS, s.tls);
        if (s.tlsStartTs >= 0) {
            time(g, JsonNames.F_TLS_START, s.tlsStartTs);
        }
        JsonNames.bool(g, JsonNames.F_DETECTED_BY_CONTENT, s.detectedByContent);
        JsonNames.string(g, JsonNames.F_CONTROL_STATE, s.control.state().label());
        JsonNames.number(g, JsonNames.F_CONTROL_GAP_BYTES, s.controlGapBytes);
        JsonNames.number(g, JsonNames.F_COMMANDS_DROPPED, s.commandsDropped);
        JsonNames.number(g, JsonNames.F_PENDING_COMMANDS_DROPPED, s.pendingDropped);
        JsonNames.number(g, JsonNames.F_TRANSFERS_DROPPED, s.transfersDropped);
        JsonNames.number(g, JsonNames.F_OVER_LONG_LINES, s.overLongLines);
        JsonNames.number(g, JsonNames.F_INVALID_COMMANDS, s.invalidCommands);
        JsonNames.number(g, JsonNames.F_INVALID_REPLIES, s.invalidReplies);
        JsonNames.number(g, JsonNames.F_LINES_CUT_BY_GAP, s.linesCutByGap);
        JsonNames.number(g, JsonNames.F_LINES_SKIPPED_AFTER_GAP, s.linesSkippedAfterGap);
        JsonNames.number(g, JsonNames.F_BARE_LF_LINES, s.bareLfLines);
    }

    public void command(JsonGenerator g, CommandEntry e) throws IOException {
        g.writeStartObject();
        time(g, JsonNames.F_TS, e.ts);
        JsonNames.number(g, JsonNames.F_FRAME, e.frame);
        fileRef(g, e.frame);
        JsonNames.string(g, JsonNames.F_COMMAND, e.verb);
        JsonNames.string(g, JsonNames.F_ARG, redactor.arg(e));
        if (!e.valid) {
            JsonNames.bool(g, JsonNames.F_VALID, false);
        }
        if (e.truncated) {
            JsonNames.bool(g, JsonNames.F_TRUNCATED, true);
        }
        if (!e.preliminary.isEmpty()) {
            JsonNames.array(g, JsonNames.F_PRELIMINARY);
            for (TimedReply r : e.preliminary) {
                reply(g, null, r);
            }
            g.writeEndArray();
        }
        if (e.reply == null) {
            JsonNames.nul(g, JsonNames.F_REPLY);
        } else {
            reply(g, "reply", e.reply);
        }
        g.writeEndObject();
    }

    public void reply(JsonGenerator g, String field, TimedReply r) throws IOException {
        if (field == null) {
            g.writeStartObject();
        } else {
            g.writeObjectFieldStart(field);
        }
        JsonNames.number(g, JsonNames.F_CODE, r.reply().code());
        JsonNames.string(g, JsonNames.F_TEXT, r.reply().text());
        time(g, JsonNames.F_TS, r.ts());
        JsonNames.number(g, JsonNames.F_FRAME, r.frame());
        fileRef(g, r.frame());
        if (r.reply().truncated()) {
            JsonNames.bool(g, JsonNames.F_TRUNCATED, true);
        }
        g.writeEndObject();
    }

    public void transfer(JsonGenerator g, Transfer t) throws IOException {
        g.writeStartObject();
        transferFields(g, t);
        g.writeEndObject();
    }

    public void transferFields(JsonGenerator g, Transfer t) throws IOException {
        JsonNames.string(g, JsonNames.F_COMMAND, t.verb());
        JsonNames.string(g, JsonNames.F_ARG, t.arg());
        JsonNames.string(g, JsonNames.F_DIRECTION, t.direction);
        JsonNames.string(g, JsonNames.F_MODE, t.mode);
        JsonNames.string(g, JsonNames.F_VIA, t.via);
        if (t.advertised == null) {
            JsonNames.nul(g, JsonNames.F_ADVERTISED);
        } else {
            endpoint(g, "advertised", t.advertised.ip(), t.advertised.port());
        }
        if (t.data == null) {
            JsonNames.nul(g, JsonNames.F_DATA);
        } else {
            JsonNames.object(g, JsonNames.F_DATA);
            endpoint(g, "client", t.data.ftpClientIp(), t.data.ftpClientPort());
            endpoint(g, "server", t.data.ftpServerIp(), t.data.ftpServerPort());
            JsonNames.bool(g, JsonNames.F_CONNECTED, t.data.connected());
            JsonNames.string(g, JsonNames.F_STATE, t.data.conn.state().label());
            JsonNames.string(g, JsonNames.F_LINKED_BY, t.data.linkedBy);
            g.writeEndObject();
        }
        if ("active".equals(t.mode)) {
            JsonNames.bool(g, JsonNames.F_FROM_PORT_20, t.data != null && t.data.fromPort20);
        }
        JsonNames.number(g, JsonNames.F_BYTES, t.bytes());
        JsonNames.number(g, JsonNames.F_GAP_BYTES, t.gapBytes());
        JsonNames.number(g, JsonNames.F_REST, t.rest);
        JsonNames.string(g, JsonNames.F_TYPE, t.type);
        if (t.announcedSize >= 0) {
            JsonNames.number(g, JsonNames.F_ANNOUNCED_SIZE, t.announcedSize);
        }
        time(g, JsonNames.F_START, t.startTs());
        time(g, JsonNames.F_END, t.endTs());
        double secs = (t.endTs() - (t.data != null ? t.data.conn.startTs() : t.startTs())) / 1e9;
        JsonNames.number(g, JsonNames.F_DURATION, Math.round(secs * 1e6) / 1e6);
        if (t.data != null && secs > 0) {
            JsonNames.number(g, JsonNames.F_THROUGHPUT_BPS, Math.round(t.bytes() / secs));
        }
        JsonNames.string(g, JsonNames.F_STATUS, t.status());
        if (t.finalReply() == null) {
            JsonNames.nul(g, JsonNames.F_REPLY);
        } else {
            JsonNames.object(g, JsonNames.F_REPLY);
            JsonNames.number(g, JsonNames.F_CODE, t.finalReply().reply().code());
            JsonNames.string(g, JsonNames.F_TEXT, t.finalReply().reply().text());
            g.writeEndObject();
        }
        if (t.byTiming) {
            JsonNames.bool(g, JsonNames.F_MATCHED_BY_TIMING, true);
        }
        if (t.data != null && t.data.content != null) {
            content(g, t.data.content);
        }
    }

    public void dataConn(JsonGenerator g, DataConn d) throws IOException {
        g.writeStartObject();
        if (d.session != null) {
            JsonNames.string(g, JsonNames.F_SESSION, d.session.id);
        }
        dataConnFields(g, d);
        g.writeEndObject();
    }

    /** A data connection's fields without "session" (JSONL events carry it already). */
    public void dataConnFields(JsonGenerator g, DataConn d) throws IOException {
        endpoint(g, "tcp_client", d.conn.clientIp(), d.conn.clientPort());
        endpoint(g, "tcp_server", d.conn.serverIp(), d.conn.serverPort());
        JsonNames.string(g, JsonNames.F_MODE, d.mode);
        JsonNames.string(g, JsonNames.F_VIA, d.via);
        JsonNames.string(g, JsonNames.F_LINKED_BY, d.linkedBy);
        JsonNames.string(g, JsonNames.F_COMMAND, d.transfer == null ? null : d.transfer.verb());
        time(g, JsonNames.F_START, d.conn.startTs());
        time(g, JsonNames.F_END, d.conn.lastTs());
        JsonNames.number(g, JsonNames.F_FIRST_FRAME, d.conn.firstFrame());
        fileRef(g, d.conn.firstFrame());
        JsonNames.string(g, JsonNames.F_STATE, d.conn.state().label());
        JsonNames.bool(g, JsonNames.F_CONNECTED, d.connected());
        JsonNames.number(g, JsonNames.F_BYTES_TO_SERVER, d.conn.bytes(true));
        JsonNames.number(g, JsonNames.F_BYTES_TO_CLIENT, d.conn.bytes(false));
        JsonNames.number(g, JsonNames.F_GAP_BYTES, d.conn.gapBytes(true) + d.conn.gapBytes(false));
        if (d.unlinkedReason != null) {
            JsonNames.string(g, JsonNames.F_REASON, d.unlinkedReason);
        }
        if (d.transfer == null && d.content != null) {
            content(g, d.content);
        }
    }

    public void diagnostic(JsonGenerator g, Diagnostic d) throws IOException {
        g.writeStartObject();
        diagnosticFields(g, d);
        g.writeEndObject();
    }

    public void diagnosticFields(JsonGenerator g, Diagnostic d) throws IOException {
        JsonNames.string(g, JsonNames.F_CODE, d.code());
        JsonNames.string(g, JsonNames.F_SEVERITY, d.severity());
        JsonNames.string(g, JsonNames.F_MESSAGE, d.message());
        JsonNames.string(g, JsonNames.F_FIX, d.fix());
        JsonNames.array(g, JsonNames.F_FRAMES);
        for (long f : d.frames()) {
            g.writeNumber(f);
        }
        g.writeEndArray();
        if (refs != null && refs.multiple()) {
            JsonNames.array(g, JsonNames.F_FRAME_REFS);
            for (long f : d.frames()) {
                g.writeStartObject();
                JsonNames.string(g, JsonNames.F_FILE, refs.file(f));
                JsonNames.number(g, JsonNames.F_FRAME, refs.frameInFile(f));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    /** Hashes and extraction of a transfer's bytes (only with --hash or --extract). */
    public void content(JsonGenerator g, TransferContent c) throws IOException {
        JsonNames.string(g, JsonNames.F_SHA256, c.sha256());
        JsonNames.string(g, JsonNames.F_MD5, c.md5());
        JsonNames.object(g, JsonNames.F_CONTENT);
        JsonNames.number(g, JsonNames.F_BYTES, c.bytes());
        JsonNames.number(g, JsonNames.F_OFFSET, c.offset());
        JsonNames.bool(g, JsonNames.F_COMPLETE, c.complete());
        JsonNames.string(g, JsonNames.F_REASON, c.reason());
        JsonNames.string(g, JsonNames.F_FILE, c.file());
        g.writeEndObject();
    }

    public static void endpoint(JsonGenerator g, String name, String ip, int port) throws IOException {
        g.writeObjectFieldStart(name);
        JsonNames.string(g, JsonNames.F_IP, ip);
        JsonNames.number(g, JsonNames.F_PORT, port);
        g.writeEndObject();
    }
}
