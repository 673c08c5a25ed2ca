package io.ftpscope.cli;

import io.ftpscope.capture.CaptureException;
import io.ftpscope.capture.CaptureFileReader;
import io.ftpscope.capture.FrameHandler;
import io.ftpscope.capture.FrameSource;
import io.ftpscope.capture.InputReport;
import io.ftpscope.capture.Pcap4jSource;
import io.ftpscope.net.PacketDecoder;
import io.ftpscope.net.TcpSegment;
import io.ftpscope.tcp.ReassemblyConfig;
import io.ftpscope.tcp.StreamFactory;
import io.ftpscope.tcp.TcpReassembler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** capture → net → tcp, the same for every command; what happens to the streams is the factory's business. */
public final class Pipeline implements FrameHandler {
    private final PacketDecoder decoder = new PacketDecoder();
    private final TcpReassembler reassembler;
    private final List<InputReport> inputs = new ArrayList<>();
    private boolean threaded = Runtime.getRuntime().availableProcessors() > 1
            && !"1".equals(System.getenv("FTPSCOPE_SINGLE_THREAD"));

    public Pipeline(StreamFactory factory, ReassemblyConfig cfg) {
        this.reassembler = new TcpReassembler(factory, cfg);
    }

    @Override
    public void onFrame(int linkType, long tsNanos, byte[] buf, int off, int capLen, int origLen) {
        TcpSegment s = decoder.decode(linkType, tsNanos, buf, off, capLen, origLen);
        if (s != null) {
            reassembler.process(s);
        }
    }

    /**
     * Reads each input in turn; an unreadable input is reported and the others still run. With two
     * or more cores, reading and decoding run on a helper thread (see DecodeAhead).
     */
    public void readFiles(List<String> files, String bpf) {
        if (threaded) {
            new DecodeAhead(decoder, reassembler).run(h -> readFiles(files, bpf, h));
        } else {
            readFiles(files, bpf, this);
        }
    }

    /** Use a helper thread for reading and decoding (default: when more than one core is available). */
    public Pipeline threaded(boolean on) {
        threaded = on;
        return this;
    }

    /** Reads through a handler that forwards to this pipeline, on the calling thread (the terminal view's driver). */
    public void readFiles(List<String> files, String bpf, FrameHandler handler) {
        for (String f : files) {
            FrameSource src = null;
            String format = "pcap (libpcap)";
            try {
                if (bpf != null && !bpf.isBlank()) {
                    src = Pcap4jSource.openFile(f, bpf);
                } else {
                    src = CaptureFileReader.open(f);
                }
                src.run(handler);
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
