package io.ftpscope.capture;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.pcap4j.core.RawPacketListener;

/**
 * libpcap through pcap4j: live capture, and saved files that need a BPF filter. All pcap4j classes
 * are touched only here, so a machine without libpcap can still read files directly.
 */
public final class Pcap4jSource implements FrameSource {
    /** Longest wait before a packet that arrives on a quiet link is seen (the kernel buffers it meanwhile). */
    private static final long IDLE_SLEEP_MS = 5;
    private final PcapHandle handle;
    private final String what;
    private final boolean live;
    private final AtomicLong frames = new AtomicLong();
    private volatile boolean stopped;
    private String damage;
    private volatile long drops = -1;
    /** Run on the capture thread whenever libpcap returns without packets or after a batch (live only). */
    private Runnable idleHook;

    private Pcap4jSource(PcapHandle handle, String what, boolean live) {
        this.handle = handle;
        this.what = what;
        this.live = live;
    }

    /** Opens a saved capture through libpcap, nanosecond timestamps, optional BPF filter. */
    public static Pcap4jSource openFile(String file, String bpf) throws CaptureException {
        if (!new java.io.File(file).isFile()) {
            throw new CaptureException(file + ": no such file");
        }
        checkLibpcap();
        try {
            PcapHandle h = Pcaps.openOffline(file, PcapHandle.TimestampPrecision.NANO);
            applyFilter(h, bpf);
            return new Pcap4jSource(h, file, false);
        } catch (PcapNativeException e) {
            throw new CaptureException(file + ": " + clean(e.getMessage()));
        }
    }

    /** Opens a live interface. */
    public static Pcap4jSource openLive(String iface, String bpf, int snaplen, boolean promiscuous, int timeoutMs)
            throws CaptureException {
        checkLibpcap();
        try {
            PcapHandle h = new PcapHandle.Builder(iface)
                    .snaplen(snaplen)
                    .promiscuousMode(promiscuous ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                            : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(timeoutMs)
                    .bufferSize(64 * 1024 * 1024) // absorbs bursts while the pipeline is busy; drops are counted, never silent
                    .build();
            applyFilter(h, bpf);
            return new Pcap4jSource(h, iface, true);
        } catch (PcapNativeException e) {
            String m = clean(e.getMessage());
            String lower = m.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("permission") || lower.contains("not permitted")) {
                throw new CaptureException("no permission to capture on " + iface
                        + ": run as root (sudo), or use a capture-enabled java for a group as in docs/user-guide.md, \"Live capture\"");
            }
            if (lower.contains("no such device") || lower.contains("doesn't exist") || lower.contains("no such")) {
                throw new CaptureException("no interface named '" + iface + "' (list them with `ip link`)");
            }
            throw new CaptureException("cannot capture on " + iface + ": " + m);
        }
    }

    /** Fails with a one-line instruction when libpcap cannot be loaded. */
    public static void checkLibpcap() throws CaptureException {
        try {
            Pcaps.libVersion();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new CaptureException("libpcap is not installed (needed for live capture and -f filters): "
                    + "install it with `apt-get install libpcap0.8`");
        }
    }

    private static void applyFilter(PcapHandle h, String bpf) throws CaptureException {
        if (bpf == null || bpf.isBlank()) {
            return;
        }
        try {
            h.setFilter(bpf, BpfProgram.BpfCompileMode.OPTIMIZE);
        } catch (PcapNativeException | NotOpenException e) {
            h.close();
            throw new CaptureException("bad capture filter '" + bpf + "': " + clean(e.getMessage()));
        }
    }

    private static String clean(String m) {
        return m == null ? "unknown libpcap error" : m.replace('\n', ' ').trim();
    }

    /**
     * Live capture only: called on the capture thread after each batch libpcap hands over, and at
     * least every read timeout on a quiet link. This is where the pipeline ticks its clocks and the
     * terminal view's snapshot is published, so nothing else ever touches pipeline state.
     */
    public void setIdleHook(Runnable hook) {
        this.idleHook = hook;
    }

    /** The link type of frames from this source (for --write). */
    public int linkType() {
        return handle.getDlt().value();
    }

    @Override
    public void run(FrameHandler handler) throws CaptureException {
        int dlt = handle.getDlt().value();
        RawPacketListener l = packet -> {
            long ts;
            java.sql.Timestamp t = handle.getTimestamp();
            ts = t.getTime() / 1000 * 1_000_000_000L + t.getNanos();
            frames.incrementAndGet();
            handler.onFrame(dlt, ts, packet, 0, packet.length, Math.max(handle.getOriginalLength(), packet.length));
        };
        try {
            if (live) {
                // Non-blocking dispatch with a short sleep when nothing is waiting: on Linux
                // (TPACKET_V3) the read timeout only starts with the first packet, so a blocking
                // read on a quiet link would never return: no clock ticks, and stop() (breakLoop)
                // would hang until the next packet.
                handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
                while (!stopped) {
                    int n = handle.dispatch(-1, l);
                    updateDrops();
                    if (idleHook != null) {
                        idleHook.run();
                    }
                    if (n == 0) {
                        Thread.sleep(IDLE_SLEEP_MS);
                    }
                }
            } else {
                handle.loop(-1, l);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (PcapNativeException | NotOpenException e) {
            if (!stopped) {
                damage = clean(e.getMessage());
            }
        }
        if (live) {
            updateDrops();
        }
        if (!live && frames.get() == 0 && damage != null) {
            throw new CaptureException(what + ": " + damage);
        }
    }

    private void updateDrops() {
        try {
            PcapStat s = handle.getStats();
            drops = s.getNumPacketsDropped() + s.getNumPacketsDroppedByIf();
        } catch (PcapNativeException | NotOpenException | UnsupportedOperationException e) {
            // keep the last figure: a failed read of the counters is not a reset of them
        }
    }

    @Override
    public void stop() {
        stopped = true;
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            // already closed: nothing to stop
        }
    }

    @Override
    public long frames() {
        return frames.get();
    }

    @Override
    public String damage() {
        return damage;
    }

    /** Updated on the capture thread (libpcap handles are not thread-safe); safe to read from any thread. */
    @Override
    public long drops() {
        return drops;
    }

    @Override
    public void close() throws IOException {
        if (handle.isOpen()) {
            handle.close();
        }
    }
}
