package io.ftpscope.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ftpscope.capture.InputReport;
import io.ftpscope.net.Addresses;
import io.ftpscope.net.DecodeStats;
import io.ftpscope.tcp.DirectionStats;
import io.ftpscope.tcp.ReassemblyStats;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/** The `streams` listing: one line (or JSON object) per TCP connection. */
public final class StreamsOutput {
    private StreamsOutput() {
    }

    public static void table(PrintStream out, List<StreamRecord> rows) {
        out.printf("%-5s %-44s %-11s %-26s %12s %12s %5s %10s %8s%n", "id", "client -> server", "state", "start (UTC)",
                "c->s bytes", "s->c bytes", "gaps", "gap bytes", "retrans");
        for (StreamRecord r : rows) {
            String ends = Addresses.endpoint(r.clientIp(), r.clientPort()) + " -> " + Addresses.endpoint(r.serverIp(), r.serverPort());
            String state = r.state() + (r.midstream() ? "*" : "");
            out.printf("%-5d %-44s %-11s %-26s %12s %12s %5d %10s %8s%n", r.id(), ends, state, Times.iso(r.start()),
                    Fmt.n(r.toServer().bytes()), Fmt.n(r.toClient().bytes()), r.toServer().gaps() + r.toClient().gaps(),
                    Fmt.n(r.toServer().gapBytes() + r.toClient().gapBytes()),
                    Fmt.n(r.toServer().retransmittedBytes() + r.toClient().retransmittedBytes()));
        }
        if (rows.stream().anyMatch(StreamRecord::midstream)) {
            out.println("* picked up mid-stream (no SYN seen): the start of the connection is not in the capture");
        }
    }

    public static void json(OutputStream os, String version, List<StreamRecord> rows, List<InputReport> inputs,
                            DecodeStats d, ReassemblyStats r) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(os, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setPrettyPrinter(new FastPrettyPrinter());
            g.writeStartObject();
            g.writeStringField("version", version);
            g.writeArrayFieldStart("streams");
            for (StreamRecord s : rows) {
                g.writeStartObject();
                g.writeNumberField("id", s.id());
                endpointJson(g, "client", s.clientIp(), s.clientPort());
                endpointJson(g, "server", s.serverIp(), s.serverPort());
                g.writeStringField("start", Times.iso(s.start()));
                g.writeStringField("end", Times.iso(s.end()));
                g.writeStringField("state", s.state());
                g.writeBooleanField("syn_seen", s.synSeen());
                g.writeBooleanField("midstream", s.midstream());
                g.writeNumberField("first_frame", s.firstFrame());
                direction(g, "client_to_server", s.toServer());
                direction(g, "server_to_client", s.toClient());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("summary");
            Summary.json(g, inputs, d, r);
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    static void endpointJson(JsonGenerator g, String name, String ip, int port) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("ip", ip);
        g.writeNumberField("port", port);
        g.writeEndObject();
    }

    private static void direction(JsonGenerator g, String name, DirectionStats d) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("bytes", d.bytes());
        g.writeNumberField("gaps", d.gaps());
        g.writeNumberField("gap_bytes", d.gapBytes());
        g.writeNumberField("retransmitted_bytes", d.retransmittedBytes());
        g.writeNumberField("out_of_order_segments", d.outOfOrderSegments());
        g.writeNumberField("keep_alives", d.keepAlives());
        g.writeNumberField("zero_windows", d.zeroWindows());
        g.writeNumberField("conflicting_overlaps", d.conflictingOverlaps());
        g.writeNumberField("segments", d.segments());
        g.writeNumberField("truncated_frames", d.truncatedFrames());
        g.writeEndObject();
    }
}
