package io.ftpscope.cli;

import io.ftpscope.diagnose.Diagnoser;
import io.ftpscope.diagnose.DiagnosingSink;
import io.ftpscope.explain.ExplainSink;
import io.ftpscope.output.RunTotals;
import io.ftpscope.session.FtpSessionTracker;
import io.ftpscope.session.SessionConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** `ftpscope explain`: each session in plain English (and, with --ladder, as a ladder diagram), with its diagnostics. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain each FTP session in plain words: the control connection, the login, how every data connection"
                + " was negotiated (active or passive) and what went wrong, with the frames that prove it.")
public final class ExplainCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    DiagnoseOptions diagnose;

    @Option(names = "--ladder", description = "also draw each session as a ladder diagram (client, server:21 and data lanes; 100 columns)")
    boolean ladder;

    @Option(names = "--ports", paramLabel = "PORT", split = ",",
            description = "TCP ports that carry FTP control connections (default: 21); FTP on other ports is still found by content")
    List<Integer> ports;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        ExplainSink sink = new ExplainSink(main.out, ladder);
        SessionConfig cfg = SessionConfig.defaults();
        if (ports != null && !ports.isEmpty()) {
            cfg = cfg.withPorts(new LinkedHashSet<>(ports));
        }
        FtpSessionTracker tracker = new FtpSessionTracker(cfg, new DiagnosingSink(new Diagnoser(diagnose.config()), sink));
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
        main.out.flush();
        p.inputs().stream().filter(i -> i.damaged()).forEach(i ->
                main.err.println("ftpscope: " + (i.error() != null ? i.error() : i.name() + ": " + i.damage())));
        return code;
    }
}
