package io.ftpscope.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.FtpSession;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** `--format json`: one document, sessions written as they finish, stats last. */
public final class JsonDocumentSink implements OutputSink {
    private final JsonGenerator g;
    private final SessionJson json;
    private final List<DataConn> unlinked = new ArrayList<>();

    public JsonDocumentSink(OutputStream out, String version, Redactor redactor) throws IOException {
        g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setPrettyPrinter(new FastPrettyPrinter());
        json = new SessionJson(redactor);
        g.writeStartObject();
        g.writeStringField("version", version);
        g.writeArrayFieldStart("sessions");
    }

    /** Several inputs: frame references also name the file (see SessionJson). */
    public JsonDocumentSink frameRefs(io.ftpscope.capture.FrameRefs refs) {
        json.frameRefs(refs);
        return this;
    }

    @Override
    public void sessionEnd(FtpSession s) {
        try {
            json.session(g, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void unlinked(DataConn d) {
        unlinked.add(d);
    }

    @Override
    public void close(RunTotals t) throws IOException {
        g.writeEndArray();
        g.writeArrayFieldStart("unlinked_data_connections");
        for (DataConn d : unlinked) {
            json.dataConn(g, d);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("stats");
        statsFields(g, t);
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
        g.close();
    }

    /** The fields of "stats"; the JSONL stats event carries the same ones. */
    static void statsFields(JsonGenerator g, RunTotals t) throws IOException {
        g.writeNumberField("packets", t.decode().framesRead);
        g.writeNumberField("tcp_streams", t.tcp().connections);
        g.writeNumberField("ftp_sessions", t.ftp().sessions);
        g.writeNumberField("data_connections", t.ftp().dataConnections);
        g.writeNumberField("linked_data_connections", t.ftp().linkedDataConnections);
        g.writeNumberField("gap_bytes", t.tcp().gapBytes);
        g.writeNumberField("expectations", t.ftp().expectations);
        g.writeNumberField("expectations_expired", t.ftp().expectationsExpired);
        g.writeNumberField("expectations_dropped", t.ftp().expectationsDropped);
        g.writeNumberField("expectations_unused", t.ftp().expectationsUnused);
        g.writeNumberField("held_connections_dropped", t.ftp().heldDropped);
        g.writeNumberField("unlinked_not_reported", t.ftp().unlinkedDropped);
        g.writeNumberField("sessions_dropped", t.ftp().sessionsDropped);
        g.writeNumberField("non_ftp_on_ftp_port", t.ftp().notFtpOnFtpPort);
        Summary.json(g, t.inputs(), t.decode(), t.tcp(), "packet_counts");
    }
}
