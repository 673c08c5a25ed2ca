package io.ftpscope.output;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ftpscope.capture.InputReport;
import io.ftpscope.net.DecodeStats;
import io.ftpscope.net.LinkTypes;
import io.ftpscope.net.SkipReason;
import io.ftpscope.tcp.ReassemblyStats;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The accounting every command ends with: nothing read is left out of it. */
public final class Summary {
    private Summary() {
    }

    public static void text(PrintStream out, List<InputReport> inputs, DecodeStats d, ReassemblyStats r) {
        for (InputReport in : inputs) {
            if (in.error() != null) {
                out.println("error: " + in.error());
            } else if (in.damage() != null) {
                out.println("warning: " + in.name() + ": " + in.damage() + " (" + Fmt.n(in.frames()) + " frames read before it)");
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("packets: ").append(Fmt.n(d.framesRead)).append(" read, ").append(Fmt.n(d.decoded)).append(" decoded as TCP");
        long sk = d.skippedTotal();
        sb.append(", ").append(Fmt.n(sk)).append(" skipped");
        if (sk > 0) {
            sb.append(" (");
            boolean first = true;
            for (Map.Entry<SkipReason, Long> e : d.skippedByReason().entrySet()) {
                sb.append(first ? "" : ", ").append(e.getKey().label()).append(": ").append(Fmt.n(e.getValue()));
                if (e.getKey() == SkipReason.UNKNOWN_LINK_TYPE && !d.unknownLinkTypes().isEmpty()) {
                    sb.append(" [");
                    d.unknownLinkTypes().forEach((k, v) -> sb.append(LinkTypes.name(k)).append(' '));
                    sb.setLength(sb.length() - 1);
                    sb.append(']');
                }
                first = false;
            }
            sb.append(')');
        }
        if (d.truncatedPayload > 0) {
            sb.append("; ").append(Fmt.n(d.truncatedPayload)).append(" with payload cut by snaplen");
        }
        out.println(sb);
        out.println("tcp: " + Fmt.n(r.connections) + " connections, " + Fmt.n(r.gaps) + " gaps (" + Fmt.n(r.gapBytes)
                + " bytes missing from the capture), " + Fmt.n(r.timedOut) + " timed out, " + Fmt.n(r.evicted) + " evicted, "
                + Fmt.n(r.bufferCapHits) + " buffer-cap skips, peak buffered " + Fmt.n(r.peakBufferedBytes) + " bytes");
    }

    public static void json(JsonGenerator g, List<InputReport> inputs, DecodeStats d, ReassemblyStats r) throws IOException {
        json(g, inputs, d, r, "packets");
    }

    /** @param packetsKey name of the packet-counter object (the FTP document's stats already use "packets" for the count) */
    public static void json(JsonGenerator g, List<InputReport> inputs, DecodeStats d, ReassemblyStats r, String packetsKey)
            throws IOException {
        g.writeArrayFieldStart("inputs");
        for (InputReport in : inputs) {
            g.writeStartObject();
            g.writeStringField("file", in.name());
            g.writeStringField("format", in.format());
            g.writeNumberField("frames", in.frames());
            g.writeStringField("damage", in.damage());
            g.writeStringField("error", in.error());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart(packetsKey);
        g.writeNumberField("read", d.framesRead);
        g.writeNumberField("decoded", d.decoded);
        g.writeNumberField("skipped", d.skippedTotal());
        g.writeObjectFieldStart("skipped_by_reason");
        for (SkipReason reason : SkipReason.values()) {
            g.writeNumberField(reason.key(), d.skipped(reason));
        }
        g.writeEndObject();
        g.writeNumberField("truncated_payload", d.truncatedPayload);
        g.writeNumberField("ipv4", d.ipv4);
        g.writeNumberField("ipv6", d.ipv6);
        g.writeNumberField("ip_fragments", d.fragments);
        g.writeNumberField("ip_datagrams_reassembled", d.datagramsReassembled);
        g.writeEndObject();
        g.writeObjectFieldStart("tcp");
        g.writeNumberField("connections", r.connections);
        g.writeNumberField("segments", r.segments);
        g.writeNumberField("gaps", r.gaps);
        g.writeNumberField("gap_bytes", r.gapBytes);
        g.writeNumberField("segments_after_close", r.afterClose);
        g.writeNumberField("timed_out", r.timedOut);
        g.writeNumberField("evicted", r.evicted);
        g.writeNumberField("closed_released_early", r.lingerCapped);
        g.writeNumberField("buffer_cap_hits", r.bufferCapHits);
        g.writeNumberField("peak_buffered_bytes", r.peakBufferedBytes);
        g.writeEndObject();
    }
}
