package io.ftpscope.capture;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
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
 *
 * <p>pcap4j opens the handle, sets the filter and reads the counters; packets are read in batches
 * by {@link PcapBatchReader} (libpcap writes a whole batch to native memory, Java parses it), because
 * pcap4j's callback per packet (a JNA up-call, a header Structure read by reflection, a byte[] and a
 * Timestamp per packet) could not keep up with a busy link. That per-packet path stays as the
 * fallback when the native set-up fails, and {@code FTPSCOPE_PCAP_PER_PACKET=1} forces it.
 */
public final class Pcap4jSource implements FrameSource {
    /** Longest wait before a packet that arrives on a quiet link is seen (the kernel buffers it meanwhile). */
    private static final long IDLE_SLEEP_MS = 5;
    /** The library pcap4j loaded (same property and default as pcap4j's NativeMappings). */
    private static final String LIBPCAP = System.getProperty("org.pcap4j.core.pcapLibName", "pcap");
    private static final boolean PER_PACKET = "1".equals(System.getenv("FTPSCOPE_PCAP_PER_PACKET"));
    private final PcapHandle handle;
    private final Lock handleLock;
    private final String what;
    private final boolean live;
    private final AtomicLong frames = new AtomicLong();
    private volatile boolean stopped;
    private String damage;
    private volatile long drops = -1;
    /** Run on the capture thread whenever libpcap returns without packets or after a batch (live only). */
    private Runnable idleHook;
    private boolean perPacket = PER_PACKET;
    private volatile String readMode;
    private volatile boolean batched;

    private Pcap4jSource(PcapHandle handle, String what, boolean live) {
        this.handle = handle;
        this.handleLock = readLockOf(handle);
        this.what = what;
        this.live = live;
    }

    /** pcap4j's lock that keeps close() out while a read runs; a private lock when it cannot be reached. */
    private static Lock readLockOf(PcapHandle h) {
        try {
            java.lang.reflect.Field f = PcapHandle.class.getDeclaredField("handleLock");
            f.setAccessible(true);
            return ((ReentrantReadWriteLock) f.get(h)).readLock();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new ReentrantReadWriteLock().readLock();
        }
    }

    /** Opens a saved capture through libpcap, nanosecond timestamps, optional BPF filter. */
    public static Pcap4jSource openFile(String file, String bpf) throws CaptureException {
        return openFile(file, bpf, PcapHandle.TimestampPrecision.NANO);
    }

    /** With the precision libpcap hands timestamps over in (tests: both must give the same nanoseconds). */
    static Pcap4jSource openFile(String file, String bpf, PcapHandle.TimestampPrecision precision) throws CaptureException {
        if (!new java.io.File(file).isFile()) {
            throw new CaptureException(file + ": no such file");
        }
        checkLibpcap();
        try {
            PcapHandle h = Pcaps.openOffline(file, precision);
            applyFilter(h, bpf);
            return new Pcap4jSource(h, file, false);
        } catch (PcapNativeException e) {
            throw new CaptureException(file + ": " + clean(e.getMessage()));
        }
    }

    /** The kernel ring's default size: absorbs bursts while the pipeline is busy. */
    public static final int DEFAULT_BUFFER_MIB = 64;

    /** Opens a live interface with the default kernel ring. */
    public static Pcap4jSource openLive(String iface, String bpf, int snaplen, boolean promiscuous, int timeoutMs)
            throws CaptureException {
        return openLive(iface, bpf, snaplen, promiscuous, timeoutMs, DEFAULT_BUFFER_MIB);
    }

    /** Opens a live interface; bufferMib sizes the kernel ring (as tcpdump -B, in MiB rather than KiB). */
    public static Pcap4jSource openLive(String iface, String bpf, int snaplen, boolean promiscuous, int timeoutMs, int bufferMib)
            throws CaptureException {
        checkLibpcap();
        try {
            PcapHandle h = new PcapHandle.Builder(iface)
                    .snaplen(snaplen)
                    .promiscuousMode(promiscuous ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                            : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(timeoutMs)
                    .bufferSize(bufferMib << 20) // absorbs bursts while the pipeline is busy; drops are counted, never silent
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

    /**
     * How frames are read: libpcap batches parsed in Java ({@link PcapBatchReader}), or pcap4j's
     * callback per packet when {@code FTPSCOPE_PCAP_PER_PACKET=1} asks for it or the batch set-up
     * failed. Null until {@link #run} has started.
     */
    public String readMode() {
        return readMode;
    }

    /** True when {@link #readMode()} is the batched path. */
    public boolean batched() {
        return batched;
    }

    /** Tests compare the two paths on the same input. */
    Pcap4jSource perPacket(boolean on) {
        this.perPacket = on;
        return this;
    }

    @Override
    public void run(FrameHandler handler) throws CaptureException {
        int dlt = handle.getDlt().value();
        PcapBatchReader batches = openBatches();
        try {
            if (live) {
                // Non-blocking dispatch with a short sleep when nothing is waiting: on Linux
                // (TPACKET_V3) the read timeout only starts with the first packet, so a blocking
                // read on a quiet link would never return: no clock ticks, and stop() (breakLoop)
                // would hang until the next packet.
                handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            }
            if (batches != null) {
                runBatches(batches, dlt, handler);
            } else {
                runPerPacket(dlt, handler);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (PcapNativeException | NotOpenException e) {
            if (!stopped) {
                damage = clean(e.getMessage());
            }
        } finally {
            if (batches != null) {
                batches.close();
            }
        }
        if (live) {
            updateDrops();
        }
        if (!live && frames.get() == 0 && damage != null) {
            throw new CaptureException(what + ": " + damage);
        }
    }

    /** The batch reader, or null (with the reason in readMode) when the per-packet path must be used. */
    private PcapBatchReader openBatches() {
        if (perPacket) {
            readMode = "per packet (FTPSCOPE_PCAP_PER_PACKET=1)";
            return null;
        }
        try {
            PcapBatchReader r = PcapBatchReader.open(nativeHandle(handle), LIBPCAP, PcapBatchReader.INITIAL_BYTES);
            readMode = "batched";
            batched = true;
            return r;
        } catch (CaptureException e) {
            readMode = "per packet (batch capture unavailable: " + e.getMessage() + ")";
            return null;
        }
    }

    /** The pcap_t* inside pcap4j's handle (a private field; pcap4j is on the class path, not a module). */
    static Pointer nativeHandle(PcapHandle h) throws CaptureException {
        try {
            java.lang.reflect.Field f = PcapHandle.class.getDeclaredField("handle");
            f.setAccessible(true);
            Pointer p = (Pointer) f.get(h);
            if (p == null) {
                throw new CaptureException("pcap4j's handle is null");
            }
            return p;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new CaptureException("cannot reach pcap4j's pcap_t: " + e);
        }
    }

    private void runBatches(PcapBatchReader r, int dlt, FrameHandler handler) throws InterruptedException {
        BooleanSupplier stop = () -> stopped;
        while (!stopped) {
            int rc;
            // pcap4j's own dispatch holds this lock, so close() on another thread waits for the batch to end.
            if (!handleLock.tryLock()) {
                break;
            }
            try {
                if (!handle.isOpen()) {
                    break;
                }
                rc = r.next(dlt, handler, stop);
            } finally {
                handleLock.unlock();
            }
            frames.addAndGet(r.delivered());
            if (rc == -1 || r.error() != null) {
                if (!stopped) {
                    damage = clean("Error occurred: " + r.error()); // the words pcap4j's path uses
                }
                break;
            }
            if (rc == -2) {
                break;
            }
            if (!live) {
                if (rc == 0) {
                    break; // end of the file
                }
                continue;
            }
            updateDrops();
            if (idleHook != null) {
                idleHook.run();
            }
            if (rc == 0) {
                Thread.sleep(IDLE_SLEEP_MS);
            }
        }
    }

    private void runPerPacket(int dlt, FrameHandler handler) throws InterruptedException, PcapNativeException, NotOpenException {
        RawPacketListener l = packet -> {
            long ts;
            java.sql.Timestamp t = handle.getTimestamp();
            ts = t.getTime() / 1000 * 1_000_000_000L + t.getNanos();
            frames.incrementAndGet();
            handler.onFrame(dlt, ts, packet, 0, packet.length, Math.max(handle.getOriginalLength(), packet.length));
        };
        if (live) {
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
