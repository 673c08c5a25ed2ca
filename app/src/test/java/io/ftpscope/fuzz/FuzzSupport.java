package io.ftpscope.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.capture.CaptureException;
import io.ftpscope.capture.CaptureFileReader;
import io.ftpscope.capture.InputReport;
import io.ftpscope.cli.Pipeline;
import io.ftpscope.net.DecodeStats;
import io.ftpscope.net.TcpSegment;
import io.ftpscope.output.JsonDocumentSink;
import io.ftpscope.output.OutputSink;
import io.ftpscope.output.Redactor;
import io.ftpscope.output.RunTotals;
import io.ftpscope.output.StreamRecord;
import io.ftpscope.output.StreamsOutput;
import io.ftpscope.output.TextTimelineSink;
import io.ftpscope.output.ZeekFtpLogSink;
import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.FtpSessionTracker;
import io.ftpscope.session.SessionConfig;
import io.ftpscope.session.TimedReply;
import io.ftpscope.tcp.Connection;
import io.ftpscope.tcp.ConnectionListener;
import io.ftpscope.tcp.ReassemblyConfig;
import io.ftpscope.tcp.TcpReassembler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the fuzz targets share: the whole pipeline over a byte array, with every output, and its invariants. */
final class FuzzSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FuzzSupport() {
    }

    /** Every output at once: the tracker feeds one sink, this one forwards to all of them. */
    static final class Tee implements OutputSink {
        final List<OutputSink> sinks;

        Tee(List<OutputSink> sinks) {
            this.sinks = sinks;
        }

        @Override
        public void sessionStart(FtpSession s) {
            sinks.forEach(k -> k.sessionStart(s));
        }

        @Override
        public void command(FtpSession s, CommandEntry e) {
            sinks.forEach(k -> k.command(s, e));
        }

        @Override
        public void reply(FtpSession s, CommandEntry e, TimedReply r) {
            sinks.forEach(k -> k.reply(s, e, r));
        }

        @Override
        public void dataOpen(FtpSession s, DataConn d) {
            sinks.forEach(k -> k.dataOpen(s, d));
        }

        @Override
        public void dataClose(FtpSession s, DataConn d) {
            sinks.forEach(k -> k.dataClose(s, d));
        }

        @Override
        public void sessionEnd(FtpSession s) {
            sinks.forEach(k -> k.sessionEnd(s));
        }

        @Override
        public void unlinked(DataConn d) {
            sinks.forEach(k -> k.unlinked(d));
        }

        @Override
        public void close(RunTotals totals) throws IOException {
            for (OutputSink k : sinks) {
                k.close(totals);
            }
        }
    }

    /** Discards bytes; counts them so the JIT cannot drop the formatting. */
    static final class NullOut extends OutputStream {
        long n;

        @Override
        public void write(int b) {
            n++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            n += len;
        }
    }

    /** What one pipeline run produced. */
    record Result(long framesDelivered, String damage, String error, DecodeStats decode, JsonNode json, JsonNode streamsJson) {
    }

    /**
     * capture → decoder → reassembler → tracker → text, JSON, Zeek and streams outputs (text and Zeek
     * to a null stream; both JSON documents kept and parsed), then the invariants every run must keep.
     */
    static Result pipeline(byte[] capture, SessionConfig sc, ReassemblyConfig rc) {
        try {
            ByteArrayOutputStream jsonOut = new ByteArrayOutputStream();
            PrintStream nul = new PrintStream(new NullOut(), false, StandardCharsets.UTF_8);
            Redactor redactor = new Redactor(false);
            Tee tee = new Tee(List.of(new TextTimelineSink(nul, redactor), new JsonDocumentSink(jsonOut, "fuzz", redactor),
                    new ZeekFtpLogSink(nul, false)));
            FtpSessionTracker tracker = new FtpSessionTracker(sc, tee);
            Pipeline p = new Pipeline(tracker, rc);
            CaptureFileReader r = CaptureFileReader.of("fuzz", new ByteArrayInputStream(capture));
            String error = null;
            try {
                r.run(p);
            } catch (CaptureException e) {
                error = e.getMessage();
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank() && e.getMessage().indexOf('\n') < 0,
                        "a capture error is one line: " + e.getMessage());
            }
            p.finish();
            tracker.finish();
            List<InputReport> inputs = List.of(new InputReport("fuzz", r.format(), r.frames(), r.damage(), error));
            tee.close(new RunTotals(inputs, p.decoder().stats(), p.reassembler().stats(), tracker.stats()));
            // `ftpscope streams` runs its own pipeline over the same bytes, as the command does
            List<StreamRecord> rows = new ArrayList<>();
            Pipeline sp = new Pipeline(c -> new ConnectionListener() {
                @Override
                public void onData(Connection c2, boolean fromClient, long ts, byte[] b, int off, int len) {
                }

                @Override
                public void onClose(Connection c2, long ts) {
                    rows.add(StreamRecord.of(c2));
                }
            }, rc);
            try {
                CaptureFileReader.of("fuzz", new ByteArrayInputStream(capture)).run(sp);
            } catch (CaptureException e) {
                assertEquals(error, e.getMessage(), "the same bytes fail the same way");
            }
            sp.finish();
            ByteArrayOutputStream streamsOut = new ByteArrayOutputStream();
            StreamsOutput.json(streamsOut, "fuzz", rows, inputs, sp.decoder().stats(), sp.reassembler().stats());
            StreamsOutput.table(nul, rows);
            nul.flush();
            assertEquals(p.decoder().stats().framesRead, sp.decoder().stats().framesRead, "streams and read see the same frames");
            assertEquals(p.reassembler().stats().gapBytes, sp.reassembler().stats().gapBytes, "streams and read agree on gap bytes");
            assertEquals(sp.reassembler().stats().connections, rows.size(), "streams lists every connection once");

            DecodeStats d = p.decoder().stats();
            assertEquals(r.frames(), d.framesRead, "every frame the reader delivered reaches the decoder");
            assertEquals(d.framesRead, d.decoded + d.skippedTotal(), "frames read == decoded + skipped");
            assertEquals(0, p.reassembler().stats().bufferedBytes, "nothing stays buffered after the flush");
            assertEquals(0, p.reassembler().activeConnections(), "no connection left open after the flush");
            long gapBytes = 0;
            for (StreamRecord row : rows) {
                gapBytes += row.toServer().gapBytes() + row.toClient().gapBytes();
            }
            assertEquals(sp.reassembler().stats().gapBytes, gapBytes, "per-connection gap bytes add up to the total");
            JsonNode doc = JSON.readTree(jsonOut.toByteArray());
            assertEquals(d.framesRead, doc.path("stats").path("packets").asLong(), "JSON stats.packets");
            assertTrue(doc.path("sessions").isArray());
            JsonNode streams = JSON.readTree(streamsOut.toByteArray());
            return new Result(r.frames(), r.damage(), error, d, doc, streams);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result pipeline(byte[] capture) {
        return pipeline(capture, SessionConfig.defaults(), ReassemblyConfig.defaults());
    }

    /** A segment as the decoder would hand it over. */
    static TcpSegment segment(long ts, int cip, int cport, int sip, int sport, boolean fromClient, int seq, int ack, int flags,
                              byte[] payload, int off, int len) {
        TcpSegment s = new TcpSegment();
        s.tsNanos = ts;
        s.ipVersion = 4;
        s.srcLo = Integer.toUnsignedLong(fromClient ? cip : sip);
        s.dstLo = Integer.toUnsignedLong(fromClient ? sip : cip);
        s.srcPort = fromClient ? cport : sport;
        s.dstPort = fromClient ? sport : cport;
        s.seq = seq;
        s.ack = ack;
        s.flags = flags;
        s.window = 65535;
        s.buf = payload;
        s.payloadOff = off;
        s.payloadLen = len;
        return s;
    }

    static TcpReassembler reassembler(FtpSessionTracker t) {
        return new TcpReassembler(t, ReassemblyConfig.defaults());
    }

    /** Shared corpus traces (pcap and pcap.gz), read at test time; never copied into the repository. */
    static List<Path> sharedCaptures() {
        Path shared = io.ftpscope.testutil.Project.shared().resolve("corpus");
        try (Stream<Path> s = Files.walk(shared)) {
            return s.filter(Files::isRegularFile).filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".pcap") || n.endsWith(".pcap.gz") || n.endsWith(".pcapng");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project's own captures. */
    static List<Path> ownCaptures() {
        try (Stream<Path> s = Files.list(io.ftpscope.testutil.Project.captures())) {
            return s.filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".pcap") || n.endsWith(".pcap.gz") || n.endsWith(".pcapng");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
