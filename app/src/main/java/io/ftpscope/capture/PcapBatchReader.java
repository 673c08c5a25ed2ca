package io.ftpscope.capture;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteOrder;
import java.util.function.BooleanSupplier;

/**
 * Reads a libpcap handle a batch at a time with no Java code per packet. Each {@code pcap_dispatch}
 * is given libpcap's own {@code pcap_dump} as its callback and, as the dumper, an in-memory stdio
 * stream ({@code open_memstream}): libpcap appends every packet of the batch to native memory as a
 * savefile record (16-byte header, then the bytes). Java then copies the whole batch into one reused
 * array with one bulk read, rewinds the stream so the next batch overwrites the same native buffer,
 * and hands the frames over in place. Per batch that is 4 native calls; per packet, none.
 *
 * <p>The batch is bounded by {@link #BATCH_PACKETS}: the native buffer (and the Java copy) grows to
 * the largest batch seen and stays there, at most {@code BATCH_PACKETS × (16 + snaplen)} bytes, in
 * practice {@code BATCH_PACKETS × (16 + MTU)}: 1.5 MB at 1,500 bytes, 9 MB at 9,000, and 64 MiB
 * (the size of the kernel ring it is read from) only with 64 kB offloaded "frames" on loopback.
 *
 * <p>Not thread-safe: one thread runs batches; {@link #close()} after the last one.
 */
final class PcapBatchReader implements AutoCloseable {
    /** Packets per pcap_dispatch: large enough that per-batch costs vanish, small enough to bound memory. */
    static final int BATCH_PACKETS = 1024;
    static final int INITIAL_BYTES = 1 << 20;
    private static final int MAGIC_MICRO = 0xa1b2c3d4;
    private static final int MAGIC_NANO = 0xa1b23c4d;
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final int SEEK_SET = 0;
    /** pcap_dump writes its record headers in the byte order of the machine. */
    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final Pointer pcap;
    private final Function dispatch;
    private final Function pcapDump;
    private final Function dumpFlush;
    private final Function dumpClose;
    private final Function geterr;
    private final Function fseek;
    private final Function free;
    /** open_memstream's out-parameters: the buffer pointer, then its size (a size_t). */
    private final Memory cell = new Memory(16);
    private final Pointer file;
    private final Pointer dumper;
    private final boolean nano;
    private byte[] buf;
    private int delivered;
    private String error;
    private boolean closed;

    private PcapBatchReader(Pointer pcap, NativeLibrary libpcap, NativeLibrary libc, int initialBytes) throws CaptureException {
        this.pcap = pcap;
        this.dispatch = libpcap.getFunction("pcap_dispatch");
        this.pcapDump = libpcap.getFunction("pcap_dump");
        this.dumpFlush = libpcap.getFunction("pcap_dump_flush");
        this.dumpClose = libpcap.getFunction("pcap_dump_close");
        this.geterr = libpcap.getFunction("pcap_geterr");
        Function dumpFopen = libpcap.getFunction("pcap_dump_fopen");
        Function openMemstream = libc.getFunction("open_memstream");
        Function fclose = libc.getFunction("fclose");
        this.fseek = libc.getFunction("fseek");
        this.free = libc.getFunction("free");
        this.buf = new byte[Math.max(FILE_HEADER, initialBytes)];
        cell.clear();
        this.file = (Pointer) openMemstream.invoke(Pointer.class, new Object[] {cell, cell.share(8)});
        if (file == null) {
            throw new CaptureException("open_memstream failed");
        }
        Pointer d = (Pointer) dumpFopen.invoke(Pointer.class, new Object[] {pcap, file});
        if (d == null) {
            String why = geterr.invokeString(new Object[] {pcap}, false);
            fclose.invokeInt(new Object[] {file});
            freeBuffer();
            throw new CaptureException("pcap_dump_fopen: " + why);
        }
        this.dumper = d;
        // The savefile header pcap_dump_fopen wrote says whether libpcap hands over micro- or nanoseconds.
        int size = flush();
        int magic = size >= FILE_HEADER ? copyIn(size) : 0;
        if (magic != MAGIC_MICRO && magic != MAGIC_NANO) {
            close();
            throw new CaptureException("unexpected savefile header from pcap_dump_fopen (" + size + " bytes, magic "
                    + Integer.toHexString(magic) + ")");
        }
        this.nano = magic == MAGIC_NANO;
        rewind();
    }

    /**
     * Sets up batch reading on an open libpcap handle ({@code pcap_t*}).
     *
     * @throws CaptureException when a symbol is missing or the native set-up fails; the message says why
     */
    static PcapBatchReader open(Pointer pcap, String libpcapName, int initialBytes) throws CaptureException {
        try {
            return new PcapBatchReader(pcap, NativeLibrary.getInstance(libpcapName), NativeLibrary.getInstance(Platform.C_LIBRARY_NAME),
                    initialBytes);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            throw new CaptureException(e.getMessage() == null ? e.toString() : e.getMessage().replace('\n', ' '));
        }
    }

    /** True when libpcap hands over nanosecond timestamps. */
    boolean nano() {
        return nano;
    }

    /**
     * Runs one pcap_dispatch of at most {@link #BATCH_PACKETS} packets and hands its frames to the
     * handler. Frames dispatched before an error or a break are still handed over; {@code stop} is
     * checked after each frame.
     *
     * @return pcap_dispatch's result: packets (0 when none were waiting, or the end of a file), -1
     *         after an error ({@link #error()}), -2 when pcap_breakloop broke it off
     */
    int next(int dlt, FrameHandler handler, BooleanSupplier stop) {
        int rc = dispatch.invokeInt(new Object[] {pcap, BATCH_PACKETS, pcapDump, dumper});
        if (rc == -1) {
            error = geterr.invokeString(new Object[] {pcap}, false);
        }
        delivered = 0;
        int size = flush();
        if (size > 0) {
            copyIn(size);
            rewind();
            deliver(size, dlt, handler, stop);
        }
        return rc;
    }

    private void deliver(int size, int dlt, FrameHandler handler, BooleanSupplier stop) {
        byte[] b = buf;
        int p = 0;
        while (p + RECORD_HEADER <= size) {
            long sec = int32(b, p) & 0xffffffffL;
            long frac = int32(b, p + 4) & 0xffffffffL;
            int cap = int32(b, p + 8);
            int len = int32(b, p + 12);
            int off = p + RECORD_HEADER;
            if (cap < 0 || cap > size - off) {
                error = "batch record of " + cap + " bytes runs past the " + size + "-byte batch";
                return;
            }
            delivered++;
            handler.onFrame(dlt, sec * 1_000_000_000L + (nano ? frac : frac * 1000), b, off, cap, Math.max(len, cap));
            p = off + cap;
            if (stop.getAsBoolean()) {
                return;
            }
        }
    }

    /**
     * A native-order int. Plain shifts, not a byte-array VarHandle: the launcher runs C1 only, which
     * leaves the VarHandle's method-handle plumbing in place (a fifth of this loop's time).
     */
    private static int int32(byte[] b, int p) {
        if (LITTLE) {
            return b[p] & 0xff | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | b[p + 3] << 24;
        }
        return b[p] << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff;
    }

    /** Frames handed over by the last {@link #next} call. */
    int delivered() {
        return delivered;
    }

    /** libpcap's message after {@link #next} returned -1 (or a batch was malformed), else null. */
    String error() {
        return error;
    }

    /** Flushes the dumper and returns how many bytes the stream holds since the last rewind. */
    private int flush() {
        dumpFlush.invokeInt(new Object[] {dumper});
        long size = Native.SIZE_T_SIZE == 8 ? cell.getLong(8) : cell.getInt(8) & 0xffffffffL;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("libpcap batch of " + size + " bytes");
        }
        return (int) size;
    }

    /** Copies the stream's bytes into the Java buffer in one read; returns the first int (the magic, for the header). */
    private int copyIn(int size) {
        if (size > buf.length) {
            buf = new byte[(int) Math.max(size, Math.min(Integer.MAX_VALUE - 16, 2L * buf.length))];
        }
        cell.getPointer(0).read(0, buf, 0, size);
        return int32(buf, 0);
    }

    /**
     * Back to the start of the stream. glibc then reports the size at the next flush as the new
     * position, not the high-water mark, so each batch is read from offset 0 (PcapBatchReaderTest
     * checks this).
     */
    private void rewind() {
        if (fseek.invokeInt(new Object[] {file, 0L, SEEK_SET}) != 0) {
            throw new IllegalStateException("fseek on the batch stream failed");
        }
    }

    /** Length of the Java buffer (tests). */
    int bufferLength() {
        return buf.length;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (dumper != null) {
            dumpClose.invokeVoid(new Object[] {dumper}); // fclose: the stream goes, its buffer stays ours to free
        }
        freeBuffer();
    }

    private void freeBuffer() {
        Pointer p = cell.getPointer(0);
        if (p != null) {
            free.invokeVoid(new Object[] {p});
            cell.setPointer(0, null);
        }
    }
}
