package io.ftpscope.tui;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ftpscope.output.Times;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * `w` in the terminal view: the selected session as shown (timeline and transfers), saved from the
 * published snapshot, so saving never touches the capture thread's state.
 */
final class TimelineFile {
    private TimelineFile() {
    }

    static Path write(Path dir, SessionRow s, boolean json) throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        Path p = dir.resolve("ftpscope-" + s.id() + "-" + stamp + (json ? ".json" : ".txt"));
        try (OutputStream os = Files.newOutputStream(p)) {
            if (json) {
                json(os, s);
            } else {
                text(os, s);
            }
        }
        return p;
    }

    private static void text(OutputStream os, SessionRow s) {
        PrintStream out = new PrintStream(os, false, StandardCharsets.UTF_8);
        out.println("Session " + s.id() + "  " + s.client() + " > " + s.server() + "  user " + (s.user() == null ? "-" : s.user())
                + ", " + s.state() + ", TLS " + s.tls());
        Timeline.View tl = s.timeline();
        for (int i = 0; i < tl.size(); i++) {
            TimelineEntry e = tl.get(i);
            out.println("  " + Times.iso(e.ts()) + " " + e.text());
        }
        if (!s.transfers().isEmpty()) {
            out.println("  Transfers:");
            for (TransferRow t : s.transfers()) {
                out.println("    " + t.what() + "  " + t.direction() + "  " + t.mode() + "  " + t.ports() + "  "
                        + io.ftpscope.output.Fmt.n(t.bytes()) + " bytes"
                        + (t.announced() > 0 ? " of " + io.ftpscope.output.Fmt.n(t.announced()) : "") + "  " + t.status());
            }
        }
        out.flush();
    }

    private static void json(OutputStream os, SessionRow s) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(os, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("id", s.id());
            g.writeStringField("client", s.client());
            g.writeStringField("server", s.server());
            g.writeStringField("user", s.user());
            g.writeStringField("state", s.state());
            g.writeStringField("tls", s.tls());
            g.writeArrayFieldStart("timeline");
            Timeline.View tl = s.timeline();
            for (int i = 0; i < tl.size(); i++) {
                TimelineEntry e = tl.get(i);
                g.writeStartObject();
                g.writeStringField("ts", Times.iso(e.ts()));
                g.writeStringField("kind", e.kind().name().toLowerCase(Locale.ROOT));
                g.writeStringField("text", e.text());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("transfers");
            for (TransferRow t : s.transfers()) {
                g.writeStartObject();
                g.writeStringField("what", t.what());
                g.writeStringField("direction", t.direction());
                g.writeStringField("mode", t.mode());
                g.writeStringField("ports", t.ports());
                g.writeNumberField("bytes", t.bytes());
                if (t.announced() > 0) {
                    g.writeNumberField("announced_size", t.announced());
                }
                g.writeStringField("status", t.status());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }
}
