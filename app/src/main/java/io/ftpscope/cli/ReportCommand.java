package io.ftpscope.cli;

import io.ftpscope.capture.FrameRefs;
import io.ftpscope.diagnose.Diagnoser;
import io.ftpscope.diagnose.DiagnosingSink;
import io.ftpscope.output.Redactor;
import io.ftpscope.output.RunTotals;
import io.ftpscope.report.Report;
import io.ftpscope.session.FtpSessionTracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** `ftpscope report`: one self-contained HTML file for people who were not at the capture. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write an HTML report (one self-contained file): summary, sessions, ladder diagrams, transfers, diagnostics.")
public final class ReportCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    EvidenceOptions evidence;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "the HTML file to write")
    Path output;

    @Mixin
    SessionOptions session;

    @Mixin
    DiagnoseOptions diagnose;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        if (!evidence.validProgress()) {
            main.err.println("ftpscope: --progress must be auto, always or never");
            return Main.UNUSABLE;
        }
        FrameRefs refs = new FrameRefs();
        Report report;
        FtpSessionTracker tracker;
        try {
            report = new Report(output, Main.version(), new Redactor(session.showPasswords), refs);
            tracker = new FtpSessionTracker(session.sessionConfig(),
                    evidence.sinkFor(new DiagnosingSink(new Diagnoser(diagnose.config()), report)));
        } catch (IOException e) {
            main.err.println("ftpscope: cannot write " + output + ": " + e.getMessage());
            return Main.UNUSABLE;
        }
        Pipeline p = new Pipeline(tracker, input.reassemblyConfig(), refs);
        evidence.attach(tracker, p, main.err);
        p.readFiles(input.files, input.filter);
        p.finish();
        tracker.finish();
        evidence.close();
        report.close(new RunTotals(p.inputs(), p.decoder().stats(), p.reassembler().stats(), tracker.stats()));
        int code = p.exitCode();
        p.inputs().stream().filter(i -> i.damaged()).forEach(i ->
                main.err.println("ftpscope: " + (i.error() != null ? i.error() : i.name() + ": " + i.damage())));
        return code;
    }
}
