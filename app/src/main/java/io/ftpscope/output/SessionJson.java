package io.ftpscope.output;

import com.fasterxml.jackson.core.JsonGenerator;
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

    public SessionJson(Redactor redactor) {
        this.redactor = redactor;
    }

    /** With several inputs, every frame reference also gets {@code file} and {@code file_frame}. */
    public SessionJson frameRefs(FrameRefs r) {
        this.refs = r;
        return this;
    }

    private void fileRef(JsonGenerator g, long frame) throws IOException {
        if (refs != null && refs.multiple()) {
            g.writeStringField("file", refs.file(frame));
            g.writeNumberField("file_frame", refs.frameInFile(frame));
        }
    }

    public void session(JsonGenerator g, FtpSession s) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", s.id);
        sessionFields(g, s);
        g.writeArrayFieldStart("commands");
        for (CommandEntry e : s.commands) {
            command(g, e);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("transfers");
        for (Transfer t : s.transfers) {
            transfer(g, t);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("data_connections");
        for (DataConn d : s.dataConns) {
            dataConn(g, d);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("diagnostics");
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
        g.writeStringField("start", Times.iso(s.startTs));
        g.writeStringField("end", Times.iso(s.endTs));
        g.writeStringField("user", s.user);
        g.writeStringField("login", s.login);
        g.writeNumberField("failed_logins", s.failedLogins);
        g.writeStringField("tls", s.tls);
        if (s.tlsStartTs >= 0) {
            g.writeStringField("tls_start", Times.iso(s.tlsStartTs));
        }
        g.writeBooleanField("detected_by_content", s.detectedByContent);
        g.writeStringField("control_state", s.control.state().label());
        g.writeNumberField("control_gap_bytes", s.controlGapBytes);
        g.writeNumberField("commands_dropped", s.commandsDropped);
        g.writeNumberField("pending_commands_dropped", s.pendingDropped);
        g.writeNumberField("transfers_dropped", s.transfersDropped);
        g.writeNumberField("over_long_lines", s.overLongLines);
        g.writeNumberField("invalid_commands", s.invalidCommands);
        g.writeNumberField("invalid_replies", s.invalidReplies);
        g.writeNumberField("lines_cut_by_gap", s.linesCutByGap);
        g.writeNumberField("lines_skipped_after_gap", s.linesSkippedAfterGap);
        g.writeNumberField("bare_lf_lines", s.bareLfLines);
    }

    public void command(JsonGenerator g, CommandEntry e) throws IOException {
        g.writeStartObject();
        g.writeStringField("ts", Times.iso(e.ts));
        g.writeNumberField("frame", e.frame);
        fileRef(g, e.frame);
        g.writeStringField("command", e.verb);
        g.writeStringField("arg", redactor.arg(e));
        if (!e.valid) {
            g.writeBooleanField("valid", false);
        }
        if (e.truncated) {
            g.writeBooleanField("truncated", true);
        }
        if (!e.preliminary.isEmpty()) {
            g.writeArrayFieldStart("preliminary");
            for (TimedReply r : e.preliminary) {
                reply(g, null, r);
            }
            g.writeEndArray();
        }
        if (e.reply == null) {
            g.writeNullField("reply");
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
        g.writeNumberField("code", r.reply().code());
        g.writeStringField("text", r.reply().text());
        g.writeStringField("ts", Times.iso(r.ts()));
        g.writeNumberField("frame", r.frame());
        fileRef(g, r.frame());
        if (r.reply().truncated()) {
            g.writeBooleanField("truncated", true);
        }
        g.writeEndObject();
    }

    public void transfer(JsonGenerator g, Transfer t) throws IOException {
        g.writeStartObject();
        transferFields(g, t);
        g.writeEndObject();
    }

    public void transferFields(JsonGenerator g, Transfer t) throws IOException {
        g.writeStringField("command", t.verb());
        g.writeStringField("arg", t.arg());
        g.writeStringField("direction", t.direction);
        g.writeStringField("mode", t.mode);
        g.writeStringField("via", t.via);
        if (t.advertised == null) {
            g.writeNullField("advertised");
        } else {
            endpoint(g, "advertised", t.advertised.ip(), t.advertised.port());
        }
        if (t.data == null) {
            g.writeNullField("data");
        } else {
            g.writeObjectFieldStart("data");
            endpoint(g, "client", t.data.ftpClientIp(), t.data.ftpClientPort());
            endpoint(g, "server", t.data.ftpServerIp(), t.data.ftpServerPort());
            g.writeBooleanField("connected", t.data.connected());
            g.writeStringField("state", t.data.conn.state().label());
            g.writeStringField("linked_by", t.data.linkedBy);
            g.writeEndObject();
        }
        if ("active".equals(t.mode)) {
            g.writeBooleanField("from_port_20", t.data != null && t.data.fromPort20);
        }
        g.writeNumberField("bytes", t.bytes());
        g.writeNumberField("gap_bytes", t.gapBytes());
        g.writeNumberField("rest", t.rest);
        g.writeStringField("type", t.type);
        if (t.announcedSize >= 0) {
            g.writeNumberField("announced_size", t.announcedSize);
        }
        g.writeStringField("start", Times.iso(t.startTs()));
        g.writeStringField("end", Times.iso(t.endTs()));
        double secs = (t.endTs() - (t.data != null ? t.data.conn.startTs() : t.startTs())) / 1e9;
        g.writeNumberField("duration", Math.round(secs * 1e6) / 1e6);
        if (t.data != null && secs > 0) {
            g.writeNumberField("throughput_bps", Math.round(t.bytes() / secs));
        }
        g.writeStringField("status", t.status());
        if (t.finalReply() == null) {
            g.writeNullField("reply");
        } else {
            g.writeObjectFieldStart("reply");
            g.writeNumberField("code", t.finalReply().reply().code());
            g.writeStringField("text", t.finalReply().reply().text());
            g.writeEndObject();
        }
        if (t.byTiming) {
            g.writeBooleanField("matched_by_timing", true);
        }
        if (t.data != null && t.data.content != null) {
            content(g, t.data.content);
        }
    }

    public void dataConn(JsonGenerator g, DataConn d) throws IOException {
        g.writeStartObject();
        if (d.session != null) {
            g.writeStringField("session", d.session.id);
        }
        dataConnFields(g, d);
        g.writeEndObject();
    }

    /** A data connection's fields without "session" (JSONL events carry it already). */
    public void dataConnFields(JsonGenerator g, DataConn d) throws IOException {
        endpoint(g, "tcp_client", d.conn.clientIp(), d.conn.clientPort());
        endpoint(g, "tcp_server", d.conn.serverIp(), d.conn.serverPort());
        g.writeStringField("mode", d.mode);
        g.writeStringField("via", d.via);
        g.writeStringField("linked_by", d.linkedBy);
        g.writeStringField("command", d.transfer == null ? null : d.transfer.verb());
        g.writeStringField("start", Times.iso(d.conn.startTs()));
        g.writeStringField("end", Times.iso(d.conn.lastTs()));
        g.writeNumberField("first_frame", d.conn.firstFrame());
        fileRef(g, d.conn.firstFrame());
        g.writeStringField("state", d.conn.state().label());
        g.writeBooleanField("connected", d.connected());
        g.writeNumberField("bytes_to_server", d.conn.bytes(true));
        g.writeNumberField("bytes_to_client", d.conn.bytes(false));
        g.writeNumberField("gap_bytes", d.conn.gapBytes(true) + d.conn.gapBytes(false));
        if (d.unlinkedReason != null) {
            g.writeStringField("reason", d.unlinkedReason);
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
        g.writeStringField("code", d.code());
        g.writeStringField("severity", d.severity());
        g.writeStringField("message", d.message());
        g.writeStringField("fix", d.fix());
        g.writeArrayFieldStart("frames");
        for (long f : d.frames()) {
            g.writeNumber(f);
        }
        g.writeEndArray();
        if (refs != null && refs.multiple()) {
            g.writeArrayFieldStart("frame_refs");
            for (long f : d.frames()) {
                g.writeStartObject();
                g.writeStringField("file", refs.file(f));
                g.writeNumberField("frame", refs.frameInFile(f));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    /** Hashes and extraction of a transfer's bytes (only with --hash or --extract). */
    public void content(JsonGenerator g, TransferContent c) throws IOException {
        g.writeStringField("sha256", c.sha256());
        g.writeStringField("md5", c.md5());
        g.writeObjectFieldStart("content");
        g.writeNumberField("bytes", c.bytes());
        g.writeNumberField("offset", c.offset());
        g.writeBooleanField("complete", c.complete());
        g.writeStringField("reason", c.reason());
        g.writeStringField("file", c.file());
        g.writeEndObject();
    }

    public static void endpoint(JsonGenerator g, String name, String ip, int port) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("ip", ip);
        g.writeNumberField("port", port);
        g.writeEndObject();
    }
}
