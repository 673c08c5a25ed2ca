package io.ftpscope.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads saved captures directly, without libpcap: classic pcap (micro- and nanosecond, either byte
 * order), pcapng (SHB/IDB/EPB/SPB/obsolete PB, several interfaces and sections), and either of them
 * gzip-compressed. Frames are handed over in place from a reused buffer.
 */
public final class CaptureFileReader implements FrameSource {
    /** Larger records are treated as damage: no link layer we decode needs more. */
    static final int MAX_RECORD = 16 * 1024 * 1024;

    private final String name;
    private final InputStream raw;
    private volatile boolean stopped;
    private long frames;
    private String damage;
    private String format = "unknown";
    /** Raw (possibly compressed) bytes taken from the input, for progress; read by another thread. */
    private volatile long bytesRead;

    private CaptureFileReader(String name, InputStream raw) {
        this.name = name;
        this.raw = raw;
    }

    /** Bytes read from the file so far (compressed bytes for gzip), comparable with the file's size. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Counts per read call (64 KiB at a time behind the buffer), not per frame. */
    private InputStream counted(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesRead++;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytesRead += n;
                }
                return n;
            }
        };
    }

    /** Opens a file, or standard input for "-". */
    public static CaptureFileReader open(String file) throws CaptureException {
        if ("-".equals(file)) {
            return new CaptureFileReader("<stdin>", System.in);
        }
        Path p = Path.of(file);
        try {
            if (Files.isDirectory(p)) {
                throw new CaptureException(file + ": is a directory, not a capture file");
            }
            return new CaptureFileReader(file, Files.newInputStream(p));
        } catch (NoSuchFileException e) {
            throw new CaptureException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CaptureException(file + ": permission denied");
        } catch (IOException e) {
            throw new CaptureException(file + ": cannot open (" + e.getMessage() + ")");
        }
    }

    /** Reads from any stream (tests, stdin). */
    public static CaptureFileReader of(String name, InputStream in) {
        return new CaptureFileReader(name, in);
    }

    public String name() {
        return name;
    }

    /** "pcap", "pcap-nsec", "pcapng", with "+gzip" when compressed; known after run starts. */
    public String format() {
        return format;
    }

    @Override
    public void run(FrameHandler handler) throws CaptureException {
        try {
            PushbackInputStream peek = new PushbackInputStream(new BufferedInputStream(counted(raw), 1 << 16), 2);
            int b0 = peek.read();
            int b1 = peek.read();
            if (b1 >= 0) {
                peek.unread(b1);
            }
            if (b0 >= 0) {
                peek.unread(b0);
            }
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(peek, 1 << 16) : peek;
            ByteInput bi = new ByteInput(in, 1 << 20);
            if (!bi.ensure(4)) {
                throw new CaptureException(name + ": " + (bi.available() == 0 ? "empty file" : "file too short to be a capture")
                        + (gzip ? " (after gzip decompression)" : ""));
            }
            byte[] b = bi.buf();
            int p = bi.pos();
            long magicBe = Bytes.u32(b, p, false);
            String suffix = gzip ? "+gzip" : "";
            if (magicBe == 0x0A0D0D0AL) {
                format = "pcapng" + suffix;
                new PcapngParser(this, bi).run(handler);
            } else if (isPcapMagic(magicBe) || isPcapMagic(Bytes.u32(b, p, true))) {
                new PcapParser(this, bi).run(handler);
                format = (format.startsWith("pcap-nsec") ? "pcap-nsec" : "pcap") + suffix;
            } else {
                throw new CaptureException(String.format("%s: not a pcap or pcapng file (starts with %02x %02x %02x %02x)",
                        name, b[p], b[p + 1], b[p + 2], b[p + 3]));
            }
        } catch (java.util.zip.ZipException e) {
            reportDamage("gzip data is corrupt (" + e.getMessage() + ")");
        } catch (java.io.EOFException e) {
            reportDamage("compressed stream ends early (" + e.getMessage() + ")");
        } catch (IOException e) {
            reportDamage("read error: " + e.getMessage());
        }
        if (frames == 0 && damage != null) {
            throw new CaptureException(name + ": " + damage);
        }
    }

    private static boolean isPcapMagic(long m) {
        return m == 0xA1B2C3D4L || m == 0xA1B23C4DL;
    }

    void setFormat(String f) {
        format = f;
    }

    boolean stopped() {
        return stopped;
    }

    void delivered() {
        frames++;
    }

    void reportDamage(String what) {
        if (damage == null) {
            damage = what;
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public long frames() {
        return frames;
    }

    @Override
    public String damage() {
        return damage;
    }

    @Override
    public void close() throws IOException {
        if (raw != System.in) {
            raw.close();
        }
    }
}
