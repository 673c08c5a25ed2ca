package io.ftpscope.cli;

import io.ftpscope.evidence.Extractor;
import io.ftpscope.evidence.SessionPcaps;
import io.ftpscope.session.FtpSessionTracker;
import io.ftpscope.session.SessionSink;
import io.ftpscope.session.TeeSink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options that keep evidence (hashes, extracted files, per-session pcaps) and show progress; shared
 * by `read` and `report`. Each extra is wired in only when asked for.
 */
public final class EvidenceOptions {
    @Option(names = "--extract", paramLabel = "DIR",
            description = "write the bytes of every transfer (RETR, STOR, APPE, STOU, LIST, NLST, MLSD) under DIR, with SHA-256 and MD5")
    Path extractDir;

    @Option(names = "--hash", description = "compute SHA-256 and MD5 of every transfer without writing files (implied by --extract)")
    boolean hash;

    @Option(names = "--write-sessions", paramLabel = "DIR", description = "write one pcap per FTP session (control and data frames) under DIR")
    Path sessionsDir;

    @Option(names = "--max-open-files", paramLabel = "N", defaultValue = "64", hidden = true,
            description = "most files --extract and --write-sessions keep open at once (default: ${DEFAULT-VALUE})")
    int maxOpenFiles;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
            description = "progress bar on stderr: auto (when stderr is a terminal and the read takes a few seconds), always, never")
    String progress;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    private Extractor extractor;
    private SessionPcaps pcaps;

    /** The sink the tracker should feed: the extras first (so hashes are known when out writes), then out. */
    SessionSink sinkFor(SessionSink out) throws IOException {
        SessionSink sink = out;
        if (extractDir != null) {
            extractor = Extractor.into(extractDir, maxOpenFiles);
        } else if (hash) {
            extractor = Extractor.hashOnly();
        }
        if (sessionsDir != null) {
            pcaps = new SessionPcaps(sessionsDir, maxOpenFiles);
            sink = new TeeSink(pcaps, sink);
        }
        if (extractor != null) {
            sink = new TeeSink(extractor, sink);
        }
        return sink;
    }

    void attach(FtpSessionTracker tracker, Pipeline p, PrintStream err) {
        if (extractor != null) {
            tracker.setContentListener(extractor);
        }
        if (pcaps != null) {
            p.setTap(pcaps);
        }
        if (Progress.wanted(progress, quiet, err)) {
            p.showProgress(err, "always".equals(progress));
        }
    }

    /** Flushes and closes the files; temporary extraction files of unfinished connections are removed. */
    void close() throws IOException {
        if (extractor != null) {
            extractor.close();
        }
        if (pcaps != null) {
            pcaps.close();
        }
    }

    boolean validProgress() {
        return progress.equals("auto") || progress.equals("always") || progress.equals("never");
    }
}
