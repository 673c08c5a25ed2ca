package io.ftpscope.bench;

import io.ftpscope.capture.CaptureFileReader;
import io.ftpscope.cli.Pipeline;
import io.ftpscope.net.PacketDecoder;
import io.ftpscope.session.FtpSessionTracker;
import io.ftpscope.session.SessionConfig;
import io.ftpscope.session.SessionSink;
import io.ftpscope.tcp.ReassemblyConfig;
import java.util.List;

/**
 * Times each layer alone on one file, in-process, so a profile can say which layer costs what:
 * read only; read + decode; read + decode + reassembly; the whole FTP pipeline without output.
 * Usage: LayerTiming FILE [RUNS]
 */
public final class LayerTiming {
    public static void main(String[] args) throws Exception {
        String f = args[0];
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (args.length > 2 && args[2].equals("ftp-only")) {
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                FtpSessionTracker tracker = new FtpSessionTracker(SessionConfig.defaults(), new SessionSink() { });
                Pipeline full = new Pipeline(tracker, ReassemblyConfig.defaults());
                full.readFiles(List.of(f), null);
                full.finish();
                tracker.finish();
                System.out.printf("run %d: whole FTP pipeline %.3f s%n", r, (System.nanoTime() - t0) / 1e9);
            }
            return;
        }
        for (int r = 0; r < runs; r++) {
            long[] sink = new long[1];
            long t0 = System.nanoTime();
            try (CaptureFileReader in = CaptureFileReader.open(f)) {
                in.run((lt, ts, b, off, len, orig) -> sink[0] += len);
            }
            long t1 = System.nanoTime();
            PacketDecoder d = new PacketDecoder();
            try (CaptureFileReader in = CaptureFileReader.open(f)) {
                in.run((lt, ts, b, off, len, orig) -> {
                    if (d.decode(lt, ts, b, off, len, orig) != null) {
                        sink[0]++;
                    }
                });
            }
            long t2 = System.nanoTime();
            Pipeline tcpOnly = new Pipeline(c -> null, ReassemblyConfig.defaults());
            tcpOnly.readFiles(List.of(f), null);
            tcpOnly.finish();
            long t3 = System.nanoTime();
            FtpSessionTracker tracker = new FtpSessionTracker(SessionConfig.defaults(), new SessionSink() { });
            Pipeline full = new Pipeline(tracker, ReassemblyConfig.defaults());
            full.readFiles(List.of(f), null);
            full.finish();
            tracker.finish();
            long t4 = System.nanoTime();
            System.out.printf("run %d: read %.3f s, +decode %.3f s, +tcp %.3f s, +ftp %.3f s (sessions %d) %d%n", r,
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, tracker.stats().sessions, sink[0] & 1);
        }
    }
}
