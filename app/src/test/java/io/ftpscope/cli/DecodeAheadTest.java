package io.ftpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.FtpSessionTracker;
import io.ftpscope.session.SessionConfig;
import io.ftpscope.session.SessionSink;
import io.ftpscope.session.Transfer;
import io.ftpscope.tcp.ReassemblyConfig;
import io.ftpscope.testutil.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The two-thread read path gives exactly what the single-threaded one gives, on every real capture. */
class DecodeAheadTest {
    static Stream<Path> captures() throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> a = Files.list(Project.captures()); Stream<Path> b = Files.list(Project.shared().resolve("corpus/zeek/traces"))) {
            a.filter(p -> p.toString().matches(".*\\.(pcap|pcapng|gz)$")).forEach(all::add);
            b.filter(p -> p.toString().matches(".*\\.(pcap|gz)$")).forEach(all::add);
        }
        all.sort(null);
        assertTrue(all.size() > 30);
        return all.stream();
    }

    static List<String> summary(Path f, boolean threaded) {
        return summary(f, threaded, DecodeAhead.READ_BUFFER);
    }

    static List<String> summary(Path f, boolean threaded, int readBuffer) {
        List<String> out = new ArrayList<>();
        FtpSessionTracker t = new FtpSessionTracker(SessionConfig.defaults(), new SessionSink() {
            @Override
            public void sessionEnd(FtpSession s) {
                out.add(s.id + " " + s.commands.size() + " " + s.login + " " + s.endTs);
                for (CommandEntry c : s.commands) { // every byte of the control channel, as read
                    out.add("  " + c.frame + " " + c.verb + " " + c.arg + (c.reply == null ? "" : " -> " + c.reply.reply().text()));
                }
                for (Transfer x : s.transfers) {
                    out.add("  " + x.verb() + " " + x.bytes() + " " + x.gapBytes() + " " + x.status());
                }
            }
        });
        Pipeline p = new Pipeline(t, ReassemblyConfig.defaults()).threaded(threaded).readBuffer(readBuffer);
        p.readFiles(List.of(f.toString()), null);
        p.finish();
        t.finish();
        out.add("frames " + p.decoder().stats().framesRead + " decoded " + p.decoder().stats().decoded
                + " gaps " + p.reassembler().stats().gapBytes + " conns " + p.reassembler().stats().connections);
        out.add("inputs " + p.inputs());
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void sameResultsWithAndWithoutTheDecodeThread(Path f) {
        assertEquals(summary(f, false), summary(f, true));
    }

    /**
     * Payloads are used in place in the buffers lent to the reader. With 2 KiB buffers a capture
     * needs hundreds of them, records outgrow them (loopback captures hold 64 KiB frames), and
     * the reader waits for buffers the main thread still reads: a buffer reused too early, or a
     * batch pointing into the wrong one, changes the bytes and so the results.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void sameResultsWithTinyLentBuffers(Path f) {
        assertEquals(summary(f, false), summary(f, true, 2048));
    }
}
