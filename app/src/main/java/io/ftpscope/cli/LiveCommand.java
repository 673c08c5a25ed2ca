package io.ftpscope.cli;

import io.ftpscope.diagnose.Diagnoser;
import io.ftpscope.diagnose.DiagnosingSink;

import io.ftpscope.capture.CaptureException;
import io.ftpscope.capture.Interfaces;
import io.ftpscope.capture.Pcap4jSource;
import io.ftpscope.capture.PcapWriter;
import io.ftpscope.output.AsyncOutput;
import io.ftpscope.output.Fmt;
import io.ftpscope.output.JsonlSink;
import io.ftpscope.output.OutputSink;
import io.ftpscope.output.Redactor;
import io.ftpscope.output.RunTotals;
import io.ftpscope.output.Summary;
import io.ftpscope.output.TeeSink;
import io.ftpscope.output.TextTimelineSink;
import io.ftpscope.session.FtpSessionTracker;
import io.ftpscope.session.SessionSink;
import io.ftpscope.tcp.ReassemblyConfig;
import io.ftpscope.tui.LiveModel;
import io.ftpscope.tui.TerminalView;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * `ftpscope live`: capture on an interface and analyse as packets arrive.
 *
 * Threads: the capture thread runs libpcap and the whole pipeline (decoder, reassembler, session
 * tracker, outputs), so pipeline state has a single owner and needs no locks. Outputs never block
 * it: text and JSONL go through {@link AsyncOutput} (a bounded queue to a writer thread), and the
 * terminal view reads immutable snapshots the capture thread publishes about 5 times a second.
 * The main thread runs the terminal view (or just waits), then stops the source, joins the capture
 * thread and finishes the pipeline, which is safe once the capture thread has ended.
 */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Capture on a network interface and show FTP sessions as they happen (needs root or CAP_NET_RAW+CAP_NET_ADMIN).")
public final class LiveCommand implements Callable<Integer> {
    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE", description = "interface to capture on (`any` for all)")
    String iface;

    @Option(names = "--list-interfaces", description = "list the interfaces libpcap can capture on, then exit")
    boolean list;

    @Option(names = {"-f", "--filter"}, paramLabel = "BPF", description = "BPF capture filter, e.g. 'host 10.0.0.2'")
    String filter;

    @Option(names = "--snaplen", paramLabel = "BYTES", defaultValue = "262144",
            description = "bytes kept of each frame (default: ${DEFAULT-VALUE}); byte counts stay exact below it")
    int snaplen;

    @Option(names = {"-B", "--buffer-size"}, paramLabel = "MIB", defaultValue = "64",
            description = "kernel capture ring in MiB (default: ${DEFAULT-VALUE}); a larger ring absorbs longer bursts, drops are always counted")
    int bufferMib;

    @Option(names = "--no-promisc", description = "do not put the interface into promiscuous mode")
    boolean noPromisc;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (each session's timeline when it ends) or jsonl (one event per line as it happens) (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--tui", description = "full-screen terminal view (keys: ? for help)")
    boolean tui;

    @Option(names = {"-w", "--write"}, paramLabel = "FILE", description = "also save the raw capture as pcap")
    Path write;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "stop after this many seconds")
    Double duration;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "close TCP connections idle this long (default: ${DEFAULT-VALUE})")
    double idleTimeout;

    @Mixin
    SessionOptions session;

    @Mixin
    DiagnoseOptions diagnose;

    @Mixin
    KafkaOptions kafka;

    @ParentCommand
    Main main;

    private volatile boolean interrupted;

    @Override
    public Integer call() throws Exception {
        if (list) {
            return listInterfaces();
        }
        String usage = checkUsage();
        if (usage != null) {
            main.err.println("ftpscope: " + usage);
            return Main.UNUSABLE;
        }
        if ((usage = kafka.start(true, tui ? null : main.err)) != null) {
            main.err.println("ftpscope: " + usage);
            return Main.UNUSABLE;
        }
        Pcap4jSource src;
        try {
            src = Pcap4jSource.openLive(iface, filter, snaplen, !noPromisc, 100, bufferMib);
        } catch (CaptureException e) {
            kafka.abandon();
            main.err.println("ftpscope: " + e.getMessage());
            return Main.UNUSABLE;
        }
        PcapWriter writer = null;
        try {
            if (write != null) {
                writer = new PcapWriter(Files.newOutputStream(write), src.linkType(), snaplen);
            }
        } catch (IOException e) {
            src.close();
            kafka.abandon();
            main.err.println("ftpscope: cannot write " + write + ": " + e.getMessage());
            return Main.UNUSABLE;
        }
        return capture(src, writer);
    }

    private String checkUsage() {
        if (iface == null || iface.isBlank()) {
            return "live needs an interface: -i IFACE (list them with `ftpscope live --list-interfaces`; -i any captures on all)";
        }
        if (!format.equals("text") && !format.equals("jsonl")) {
            return "unknown format '" + format + "' for live (use text or jsonl)";
        }
        if (tui && !TerminalView.haveTerminal()) {
            return "--tui needs a terminal (standard input and output are not one): use --format jsonl for pipes";
        }
        if (snaplen < 64) {
            return "--snaplen must be at least 64";
        }
        if (bufferMib < 1 || bufferMib > 4096) {
            return "--buffer-size must be between 1 and 4096 (MiB)";
        }
        return null;
    }

    private int listInterfaces() {
        try {
            Interfaces.list().forEach(main.out::println);
            return Main.OK;
        } catch (CaptureException e) {
            main.err.println("ftpscope: " + e.getMessage());
            return Main.UNUSABLE;
        }
    }

    private int capture(Pcap4jSource src, PcapWriter writer) throws IOException, InterruptedException {
        Redactor redactor = new Redactor(session.showPasswords);
        AsyncOutput async = tui ? null : new AsyncOutput(main.out, 16 << 20);
        OutputSink out;
        if (tui) {
            out = totals -> { };
        } else if (format.equals("jsonl")) {
            out = new JsonlSink(async, redactor, src::drops);
        } else {
            out = new TextTimelineSink(new PrintStream(async, true, StandardCharsets.UTF_8), redactor);
        }
        out = kafka.tee(out, redactor, src::drops);
        LiveModel model = tui ? new LiveModel(redactor) : null;
        LiveCounts counts = new LiveCounts();
        SessionSink[] extra = model == null ? new SessionSink[] {counts} : new SessionSink[] {counts, model};
        FtpSessionTracker tracker = new FtpSessionTracker(session.sessionConfig(),
                new DiagnosingSink(new Diagnoser(diagnose.config()), new TeeSink(out, extra)));
        Pipeline pipeline = new Pipeline(tracker, ReassemblyConfig.defaults().withIdleTimeoutSeconds(idleTimeout));
        long start = System.nanoTime();
        CaptureDriver[] driver = new CaptureDriver[1];
        Runnable publish = model == null ? null
                : () -> model.publish(pipeline.decoder().stats().framesRead, src.drops(), System.nanoTime() - start, true);
        driver[0] = new CaptureDriver(pipeline, writer, true, publish);
        src.setIdleHook(async == null ? driver[0]::idle : () -> {
            driver[0].idle();
            async.ship();
        });
        Thread capture = new Thread(() -> pipeline.run(src, iface, driver[0]), "ftpscope-capture");
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // SIGINT/SIGTERM: stop capture and let the main thread write the summary before the JVM exits.
            interrupted = true;
            src.stop();
            try {
                finished.await(10 + kafka.closeSeconds(), TimeUnit.SECONDS); // the producer may wait that long
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ftpscope-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        capture.start();
        if (!tui) {
            // As tcpdump's "listening on": tells a user (and scripts) that capture has begun.
            main.err.println("ftpscope: capturing on " + iface + " (snaplen " + snaplen + (filter == null ? "" : ", filter '" + filter + "'")
                    + "); Ctrl-C stops");
        }
        long deadline = duration == null ? Long.MAX_VALUE : start + (long) (duration * 1e9);
        try {
            if (tui) {
                new TerminalView(model, () -> System.nanoTime() - start, "live " + iface + (filter == null ? "" : "  " + filter),
                        Path.of("")).run(() -> interrupted || !capture.isAlive() || System.nanoTime() - deadline >= 0);
            } else {
                while (capture.isAlive() && !interrupted && System.nanoTime() - deadline < 0) {
                    capture.join(50);
                }
            }
            src.stop();
            capture.join();
            return finish(src, writer, pipeline, tracker, out, async, counts, driver[0]);
        } finally {
            src.stop();
            capture.join(5000); // never close the libpcap handle under a running dispatch
            src.close();
            finished.countDown();
        }
    }

    private int finish(Pcap4jSource src, PcapWriter writer, Pipeline p, FtpSessionTracker tracker, OutputSink out, AsyncOutput async,
                       LiveCounts counts, CaptureDriver driver) throws IOException {
        p.finish();
        tracker.finish();
        if (writer != null) {
            writer.close();
        }
        RunTotals totals = new RunTotals(p.inputs(), p.decoder().stats(), p.reassembler().stats(), tracker.stats());
        out.close(totals);
        if (async != null) {
            async.close();
        }
        // In jsonl mode stdout carries data only (the stats event); the human summary goes to stderr.
        PrintStream human = format.equals("jsonl") && !tui ? main.err : main.out;
        if (tui) {
            Summary.text(human, p.inputs(), p.decoder().stats(), p.reassembler().stats());
        }
        long drops = src.drops();
        human.println("capture: " + Fmt.n(p.decoder().stats().framesRead) + " packets, "
                + (drops < 0 ? "unknown" : Fmt.n(drops)) + " dropped by libpcap, " + Fmt.n(counts.sessions) + " sessions, "
                + Fmt.n(counts.transfers) + " transfers" + (write != null ? ", saved to " + write : "")
                + (src.batched() || src.readMode() == null ? "" : "; libpcap read " + src.readMode()));
        human.flush();
        int code = Main.OK;
        if (async != null && async.droppedEvents() > 0) {
            main.err.println("ftpscope: output fell behind: " + Fmt.n(async.droppedEvents()) + " lines were dropped");
            code = Main.DAMAGED;
        }
        if (driver.writeError() != null) {
            main.err.println("ftpscope: writing " + write + " failed: " + driver.writeError().getMessage());
            code = Main.DAMAGED;
        }
        for (var in : p.inputs()) {
            if (in.error() != null || in.damage() != null) {
                main.err.println("ftpscope: capture on " + iface + " ended: " + (in.error() != null ? in.error() : in.damage()));
                code = Main.DAMAGED;
            }
        }
        return Math.max(code, kafka.finish(main.err));
    }
}
