package io.ftpscope.cli;

import io.ftpscope.capture.CaptureException;
import io.ftpscope.capture.CaptureFileReader;
import io.ftpscope.capture.FrameHandler;
import io.ftpscope.capture.FrameRefs;
import io.ftpscope.capture.FrameSource;
import io.ftpscope.capture.InputReport;
import io.ftpscope.capture.MergedSource;
import io.ftpscope.capture.Pcap4jSource;
import io.ftpscope.net.PacketDecoder;
import io.ftpscope.net.TcpSegment;
import io.ftpscope.tcp.FrameTap;
import io.ftpscope.tcp.ReassemblyConfig;
import io.ftpscope.tcp.StreamFactory;
import io.ftpscope.tcp.TcpReassembler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** capture → net → tcp, the same for every command; what happens to the streams is the factory's business. */
public final class Pipeline implements FrameHandler {
    private final PacketDecoder decoder = new PacketDecoder();
    private final TcpReassembler reassembler;
    private final List<InputReport> inputs = new ArrayList<>();
    private final FrameRefs refs;
    /** Optional extras, null unless asked for, so the per-frame path stays as it was. */
    private FrameTap tap;
    private PrintStream progressErr;
    private boolean progressImmediate;
    private Progress progress;
    private volatile CaptureFileReader reading;
    private int readBuffer = DecodeAhead.READ_BUFFER;
    private boolean threaded = Runtime.getRuntime().availableProcessors() > 1
            && !"1".equals(System.getenv("FTPSCOPE_SINGLE_THREAD"));

    public Pipeline(StreamFactory factory, ReassemblyConfig cfg) {
        this(factory, cfg, new FrameRefs());
    }

    /** refs: filled while reading, for outputs created before the pipeline. */
    public Pipeline(StreamFactory factory, ReassemblyConfig cfg, FrameRefs refs) {
        this.reassembler = new TcpReassembler(factory, cfg);
        this.refs = refs;
    }

    @Override
    public void onFrame(int linkType, long tsNanos, byte[] buf, int off, int capLen, int origLen) {
        TcpSegment s = decoder.decode(linkType, tsNanos, buf, off, capLen, origLen);
        if (s != null) {
            reassembler.process(s);
            if (tap != null) {
                tap.onFrame(linkType, tsNanos, buf, off, capLen, origLen, reassembler.lastConnection());
            }
        }
    }

    /** Sees every TCP frame with its connection (session pcaps). */
    public void setTap(FrameTap t) {
        tap = t;
    }

    /** Draws a progress bar on err while reading files; immediate: from the start and with a final line (tests, --progress=always). */
    void showProgress(PrintStream err, boolean immediate) {
        progressErr = err;
        progressImmediate = immediate;
    }

    /** Maps run-wide frame numbers to (input file, frame in file). */
    public FrameRefs frameRefs() {
        return refs;
    }

    /**
     * Reads the inputs: FILE arguments, with directories and globs expanded ({@link InputExpander});
     * one file is read directly, several are merged by packet time. An unreadable input is reported
     * and the others still run. With two or more cores, reading and decoding run on a helper thread
     * (see DecodeAhead).
     */
    public void readFiles(List<String> args, String bpf) {
        read(args, bpf, this, threaded);
    }

    /** Reads through a handler that forwards to this pipeline, on the calling thread (the terminal view's driver). */
    public void readFiles(List<String> args, String bpf, FrameHandler handler) {
        read(args, bpf, handler, false);
    }

    private void read(List<String> args, String bpf, FrameHandler direct, boolean helperThread) {
        InputExpander.Result ex = InputExpander.expand(args);
        for (String u : ex.unmatched()) {
            inputs.add(new InputReport(u.substring(0, u.lastIndexOf(": ")), null, 0, null, u));
        }
        List<String> files = ex.files();
        MergedSource merged = files.size() > 1 ? new MergedSource(files, f -> open(f, bpf), refs) : null;
        if (progressErr != null) {
            progress = new Progress(progressErr, totalSize(files), () -> merged != null ? mergedBytes(merged) : readingBytes(),
                    progressImmediate);
        }
        if (merged == null) {
            files.forEach(refs::addInput);
        }
        Consumer<FrameHandler> reader = h0 -> {
            FrameHandler h = progress == null ? h0 : progress.wrap(h0);
            if (merged != null) {
                merged.run(h);
            } else {
                readEach(files, bpf, h);
            }
        };
        // The tap needs each raw frame beside its connection, which only the one-thread path has.
        if (helperThread && tap == null) {
            new DecodeAhead(decoder, reassembler, readBuffer).run(reader);
        } else {
            reader.accept(direct);
        }
        if (merged != null) {
            inputs.addAll(merged.reports());
        }
        if (progress != null) {
            progress.done();
        }
    }

    /** The size of the read buffers the decoding thread lends the file reader (tests: small, so that many are used). */
    Pipeline readBuffer(int bytes) {
        readBuffer = bytes;
        return this;
    }

    /** Use a helper thread for reading and decoding (default: when more than one core is available). */
    public Pipeline threaded(boolean on) {
        threaded = on;
        return this;
    }

    private void readEach(List<String> files, String bpf, FrameHandler h) {
        for (String f : files) {
            FrameSource src = null;
            String format = "pcap (libpcap)";
            try {
                src = open(f, bpf);
                reading = src instanceof CaptureFileReader r ? r : null;
                src.run(h);
                if (src instanceof CaptureFileReader r) {
                    format = r.format();
                }
                inputs.add(new InputReport(f, format, src.frames(), src.damage(), null));
            } catch (CaptureException e) {
                long frames = src == null ? 0 : src.frames();
                inputs.add(new InputReport(f, null, frames, null, e.getMessage()));
            } finally {
                closeQuietly(src);
            }
        }
    }

    private static FrameSource open(String f, String bpf) throws CaptureException {
        return bpf != null && !bpf.isBlank() ? Pcap4jSource.openFile(f, bpf) : CaptureFileReader.open(f);
    }

    /** Sum of the input sizes, or -1 when one is standard input. */
    private static long totalSize(List<String> files) {
        long total = 0;
        for (String f : files) {
            if ("-".equals(f)) {
                return -1;
            }
            total += sizeOf(f);
        }
        return total;
    }

    private static long sizeOf(String f) {
        try {
            return "-".equals(f) ? 0 : Files.size(Path.of(f));
        } catch (IOException e) {
            return 0; // missing: the reader reports it
        }
    }

    private long readingBytes() {
        CaptureFileReader r = reading;
        return r == null ? 0 : r.bytesRead();
    }

    private static long mergedBytes(MergedSource m) {
        long n = m.bytesReadNow();
        for (String f : m.finishedNames()) {
            n += sizeOf(f);
        }
        return n;
    }

    /** Runs any source (live capture) until it stops. */
    public void run(FrameSource src, String name) {
        run(src, name, this);
    }

    /** Runs a source through a handler that forwards to this pipeline (live capture's driver). */
    public void run(FrameSource src, String name, FrameHandler handler) {
        try {
            src.run(handler);
            inputs.add(new InputReport(name, "live", src.frames(), src.damage(), null));
        } catch (CaptureException e) {
            inputs.add(new InputReport(name, "live", src.frames(), null, e.getMessage()));
        }
    }

    private static void closeQuietly(FrameSource s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing a read-only input cannot lose data
            }
        }
    }

    /** End of all input: flushes fragments and every open connection. */
    public void finish() {
        decoder.finish();
        reassembler.flushAll();
    }

    public PacketDecoder decoder() {
        return decoder;
    }

    public TcpReassembler reassembler() {
        return reassembler;
    }

    public List<InputReport> inputs() {
        return inputs;
    }

    /** 0: all read; 1: something damaged or unreadable but results exist; 2: nothing could be read. */
    public int exitCode() {
        boolean anyRead = inputs.stream().anyMatch(i -> !i.unreadable());
        if (!anyRead) {
            return 2;
        }
        return inputs.stream().anyMatch(InputReport::damaged) ? 1 : 0;
    }
}
