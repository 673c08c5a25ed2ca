package io.ftpscope.cli;

import io.ftpscope.output.JsonDocumentSink;
import io.ftpscope.output.OutputSink;
import io.ftpscope.output.Redactor;
import io.ftpscope.output.RunTotals;
import io.ftpscope.output.TextTimelineSink;
import io.ftpscope.output.ZeekFtpLogSink;
import io.ftpscope.session.FtpSessionTracker;
import io.ftpscope.session.SessionConfig;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** `ftpscope read`: the FTP sessions in saved captures, as a timeline, JSON or a Zeek ftp.log. */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = "Analyse saved captures: every FTP session, command, reply, data connection and transfer.")
public final class ReadCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (timeline), json (one document) or zeek (ftp.log) (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--show-passwords", description = "print PASS arguments instead of ****")
    boolean showPasswords;

    @Option(names = "--ports", paramLabel = "PORT", split = ",",
            description = "TCP ports that carry FTP control connections (default: 21); FTP on other ports is still found by content")
    List<Integer> ports;

    @Option(names = "--no-detect", description = "do not look for FTP by content on other ports")
    boolean noDetect;

    @Option(names = "--expect-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "how long an announced data connection (PORT/PASV/...) is awaited (default: ${DEFAULT-VALUE})")
    double expectTimeout;

    @Option(names = "--max-line", paramLabel = "BYTES", defaultValue = "4096",
            description = "longest control line kept; longer ones are cut and reported (default: ${DEFAULT-VALUE})")
    int maxLine;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "100000",
            description = "most FTP sessions tracked at once; control connections past it are counted in sessions_dropped (default: ${DEFAULT-VALUE})")
    int maxSessions;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        PrintStream out = main.out;
        Redactor redactor = new Redactor(showPasswords);
        OutputSink sink = switch (format) {
            case "text" -> new TextTimelineSink(out, redactor);
            case "json" -> new JsonDocumentSink(out, Main.version(), redactor);
            case "zeek" -> new ZeekFtpLogSink(out, showPasswords);
            default -> null;
        };
        if (sink == null) {
            main.err.println("ftpscope: unknown format '" + format + "' (use text, json or zeek)");
            return Main.UNUSABLE;
        }
        SessionConfig cfg = sessionConfig();
        FtpSessionTracker tracker = new FtpSessionTracker(cfg, sink);
        Pipeline p = new Pipeline(tracker, input.reassemblyConfig());
        p.readFiles(input.files, input.filter);
        p.finish();
        tracker.finish();
        int code = p.exitCode();
        if (code == Main.UNUSABLE) {
            p.inputs().forEach(i -> main.err.println("ftpscope: " + i.error()));
            return code;
        }
        sink.close(new RunTotals(p.inputs(), p.decoder().stats(), p.reassembler().stats(), tracker.stats()));
        out.flush();
        p.inputs().stream().filter(i -> i.damaged()).forEach(i ->
                main.err.println("ftpscope: " + (i.error() != null ? i.error() : i.name() + ": " + i.damage())));
        return code;
    }

    SessionConfig sessionConfig() {
        SessionConfig cfg = SessionConfig.defaults().withExpectationTimeoutSeconds(expectTimeout).withMaxLine(Math.max(64, maxLine))
                .withMaxSessions(Math.max(1, maxSessions));
        if (ports != null && !ports.isEmpty()) {
            Set<Integer> all = new LinkedHashSet<>(ports);
            cfg = cfg.withPorts(all);
        }
        if (noDetect) {
            cfg = new SessionConfig(cfg.controlPorts(), cfg.implicitTlsPorts(), false, cfg.maxLine(), cfg.maxReplyLines(),
                    cfg.maxPendingCommands(), cfg.maxCommandsPerSession(), cfg.maxTransfersPerSession(),
                    cfg.maxExpectationsPerSession(), cfg.maxExpectationsTotal(), cfg.expectationTimeoutNanos(),
                    cfg.maxHeldConnections(), cfg.holdTimeoutNanos(), cfg.maxSessions(), cfg.maxUnlinkedReported());
        }
        return cfg;
    }
}
