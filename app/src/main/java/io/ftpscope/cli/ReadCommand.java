package io.ftpscope.cli;

import io.ftpscope.diagnose.Diagnoser;
import io.ftpscope.diagnose.DiagnosingSink;
import io.ftpscope.output.JsonDocumentSink;
import io.ftpscope.output.JsonlSink;
import io.ftpscope.output.OutputSink;
import io.ftpscope.output.Redactor;
import io.ftpscope.output.RunTotals;
import io.ftpscope.output.Summary;
import io.ftpscope.output.TeeSink;
import io.ftpscope.output.TextTimelineSink;
import io.ftpscope.output.ZeekFtpLogSink;
import io.ftpscope.session.AsyncSessionEnds;
import io.ftpscope.session.FtpSessionTracker;
import io.ftpscope.session.SessionSink;
import io.ftpscope.tui.LiveModel;
import io.ftpscope.tui.TerminalView;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** `ftpscope read`: the FTP sessions in saved captures, as a timeline, JSON, JSONL events, a Zeek ftp.log or the terminal view. */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = "Analyse saved captures: every FTP session, command, reply, data connection and transfer.")
public final class ReadCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    EvidenceOptions evidence;

    @Mixin
    DiagnoseOptions diagnose;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (timeline), json (one document), jsonl (one event per line) or zeek (ftp.log) (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--tui", description = "browse the analysis in the terminal view (keys: ? for help)")
    boolean tui;

    @Mixin
    SessionOptions session;

    @Mixin
    KafkaOptions kafka;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        if (tui) {
            if (kafka.enabled()) {
                main.err.println("ftpscope: --kafka does not go with --tui on read (use --format, or live --tui --kafka)");
                return Main.UNUSABLE;
            }
            return browse();
        }
        PrintStream out = main.out;
        Redactor redactor = new Redactor(session.showPasswords);
        if (!evidence.validProgress()) {
            main.err.println("ftpscope: --progress must be auto, always or never");
            return Main.UNUSABLE;
        }
        // Created before the pipeline so the JSON can name each frame's input file.
        io.ftpscope.capture.FrameRefs refs = new io.ftpscope.capture.FrameRefs();
        OutputSink sink = switch (format) {
            case "text" -> new TextTimelineSink(out, redactor);
            case "json" -> new JsonDocumentSink(out, Main.version(), redactor).frameRefs(refs);
            case "jsonl" -> new JsonlSink(out, redactor, null);
            case "zeek" -> new ZeekFtpLogSink(out, session.showPasswords);
            default -> null;
        };
        if (sink == null) {
            main.err.println("ftpscope: unknown format '" + format + "' (use text, json, jsonl or zeek)");
            return Main.UNUSABLE;
        }
        String kafkaError = kafka.start(false, null);
        if (kafkaError != null) {
            main.err.println("ftpscope: " + kafkaError);
            return Main.UNUSABLE;
        }
        sink = kafka.tee(sink, redactor, null);
        FtpSessionTracker tracker;
        SessionSink outputs = sink.readsDiagnostics() ? new DiagnosingSink(new Diagnoser(diagnose.config()), sink) : sink;
        // Document outputs read only finished sessions: diagnosis and writing run on a second
        // thread. JSONL (on stdout or to Kafka) streams every event as it happens, so it stays on
        // the tracker's thread.
        AsyncSessionEnds async = format.equals("jsonl") || kafka.enabled() ? null : new AsyncSessionEnds(outputs, 256);
        try {
            // extraction sees each session end first, so the outputs carry the hashes
            tracker = new FtpSessionTracker(session.sessionConfig(), evidence.sinkFor(async != null ? async : outputs));
        } catch (java.io.IOException e) {
            kafka.abandon();
            main.err.println("ftpscope: cannot create output directory: " + e.getMessage());
            return Main.UNUSABLE;
        }
        Pipeline p = new Pipeline(tracker, input.reassemblyConfig(), refs);
        evidence.attach(tracker, p, main.err);
        p.readFiles(input.files, input.filter);
        p.finish();
        tracker.finish();
        if (async != null) {
            async.finish();
        }
        evidence.close();
        int code = p.exitCode();
        if (code == Main.UNUSABLE) {
            kafka.abandon();
            p.inputs().forEach(i -> main.err.println("ftpscope: " + i.error()));
            return code;
        }
        sink.close(new RunTotals(p.inputs(), p.decoder().stats(), p.reassembler().stats(), tracker.stats()));
        out.flush();
        reportDamage(p);
        return Math.max(code, kafka.finish(main.err));
    }

    private void reportDamage(Pipeline p) {
        p.inputs().stream().filter(i -> i.damaged()).forEach(i ->
                main.err.println("ftpscope: " + (i.error() != null ? i.error() : i.name() + ": " + i.damage())));
    }

    /**
     * `--tui`: the files are read on a worker thread exactly as `live` captures (same model and
     * snapshots), so a large file can be browsed while it is still being read.
     */
    private int browse() throws Exception {
        if (!TerminalView.haveTerminal()) {
            main.err.println("ftpscope: --tui needs a terminal (standard input and output are not one)");
            return Main.UNUSABLE;
        }
        LiveModel model = new LiveModel(new Redactor(session.showPasswords));
        FtpSessionTracker tracker = new FtpSessionTracker(session.sessionConfig(),
                new DiagnosingSink(new Diagnoser(diagnose.config()), new TeeSink(totals -> { }, model)));
        Pipeline p = new Pipeline(tracker, input.reassemblyConfig());
        CaptureDriver[] driver = new CaptureDriver[1];
        Runnable publish = () -> model.publish(p.decoder().stats().framesRead, -1, driver[0].span(), true);
        driver[0] = new CaptureDriver(p, null, false, publish);
        Thread reader = new Thread(() -> {
            p.readFiles(input.files, input.filter, driver[0]);
            p.finish();
            tracker.finish();
            model.publish(p.decoder().stats().framesRead, -1, driver[0].span(), false);
        }, "ftpscope-read");
        reader.setDaemon(true);
        reader.start();
        String title = "read " + String.join(" ", input.files);
        new TerminalView(model, () -> model.current().elapsedNanos(), title, Path.of("")).run(() -> false);
        reader.join(); // the summary needs the whole input; q before the end waits for it
        Summary.text(main.out, p.inputs(), p.decoder().stats(), p.reassembler().stats());
        reportDamage(p);
        return p.exitCode();
    }
}
