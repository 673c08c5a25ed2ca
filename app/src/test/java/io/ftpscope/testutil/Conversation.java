package io.ftpscope.testutil;

import io.ftpscope.capture.PcapWriter;
import io.ftpscope.net.LinkTypes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scripts TCP conversations with correct sequence numbers and writes them as a pcap, for tests of
 * the FTP layer that need a situation no real client produces on demand (pipelining, a lost reply,
 * floods). Several conversations share one clock so they interleave in the order written.
 */
public final class Conversation {
    /** The shared frame list and clock. */
    public static final class Capture {
        final List<long[]> meta = new ArrayList<>();
        final List<byte[]> frames = new ArrayList<>();
        long clock = 1_700_000_000_000_000_000L;

        public Conversation tcp(String client, int cport, String server, int sport) {
            return new Conversation(this, ip(client), cport, ip(server), sport);
        }

        void add(byte[] frame) {
            clock += 1_000_000; // 1 ms between frames
            meta.add(new long[] {clock});
            frames.add(frame);
        }

        /** Advances the clock, e.g. to let an expectation expire. */
        public void sleep(double seconds) {
            clock += (long) (seconds * 1e9);
        }

        public int size() {
            return frames.size();
        }

        /** Moves frame i to position j (to script a reordering or a late retransmission). */
        public void move(int i, int j) {
            byte[] f = frames.remove(i);
            frames.add(j, f);
        }

        public Path write(Path file) throws IOException {
            try (OutputStream os = Files.newOutputStream(file); PcapWriter w = new PcapWriter(os, LinkTypes.ETHERNET, 65535)) {
                long t = 1_700_000_000_000_000_000L;
                for (byte[] f : frames) {
                    t += 1_000_000;
                    w.write(t, f, 0, f.length, f.length);
                }
            }
            return file;
        }

        /** Writes with the original timestamps (use when sleep() matters). */
        public Path writeTimed(Path file) throws IOException {
            try (OutputStream os = Files.newOutputStream(file); PcapWriter w = new PcapWriter(os, LinkTypes.ETHERNET, 65535)) {
                for (int i = 0; i < frames.size(); i++) {
                    byte[] f = frames.get(i);
                    w.write(meta.get(i)[0], f, 0, f.length, f.length);
                }
            }
            return file;
        }
    }

    private final Capture cap;
    private final byte[] cip;
    private final byte[] sip;
    private final int cport;
    private final int sport;
    private int cseq = 1000;
    private int sseq = 5000;

    private Conversation(Capture cap, byte[] cip, int cport, byte[] sip, int sport) {
        this.cap = cap;
        this.cip = cip;
        this.sip = sip;
        this.cport = cport;
        this.sport = sport;
    }

    static byte[] ip(String dotted) {
        String[] p = dotted.split("\\.");
        return Frames.ipv4(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
    }

    public Conversation handshake() {
        cap.add(Frames.eth4(cip, cport, sip, sport, cseq, 0, 0x02, new byte[0]));
        cap.add(Frames.eth4(sip, sport, cip, cport, sseq, cseq + 1, 0x12, new byte[0]));
        cseq++;
        sseq++;
        cap.add(Frames.eth4(cip, cport, sip, sport, cseq, sseq, 0x10, new byte[0]));
        return this;
    }

    /** Only the SYN (and its retransmissions): nobody answers. */
    public Conversation synOnly(int tries) {
        for (int i = 0; i < tries; i++) {
            cap.add(Frames.eth4(cip, cport, sip, sport, cseq, 0, 0x02, new byte[0]));
        }
        return this;
    }

    /** A SYN answered by RST-ACK: nothing listens on the port (a closed port, or a rejecting firewall). */
    public Conversation synRefused() {
        cap.add(Frames.eth4(cip, cport, sip, sport, cseq, 0, 0x02, new byte[0]));
        cap.add(Frames.eth4(sip, sport, cip, cport, 0, cseq + 1, 0x14, new byte[0]));
        return this;
    }

    public Conversation client(String text) {
        return client(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public Conversation client(byte[] data) {
        for (int off = 0; off < data.length; off += 1400) {
            byte[] chunk = java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + 1400));
            cap.add(Frames.eth4(cip, cport, sip, sport, cseq, sseq, 0x18, chunk));
            cseq += chunk.length;
        }
        return this;
    }

    public Conversation server(String text) {
        return server(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public Conversation server(byte[] data) {
        for (int off = 0; off < data.length; off += 1400) {
            byte[] chunk = java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + 1400));
            cap.add(Frames.eth4(sip, sport, cip, cport, sseq, cseq, 0x18, chunk));
            sseq += chunk.length;
        }
        return this;
    }

    /** Server data that the capture loses but the client acknowledges. */
    public Conversation serverLost(int n) {
        sseq += n;
        cap.add(Frames.eth4(cip, cport, sip, sport, cseq, sseq, 0x10, new byte[0]));
        return this;
    }

    public Conversation close() {
        cap.add(Frames.eth4(cip, cport, sip, sport, cseq, sseq, 0x11, new byte[0]));
        cseq++;
        cap.add(Frames.eth4(sip, sport, cip, cport, sseq, cseq, 0x11, new byte[0]));
        sseq++;
        cap.add(Frames.eth4(cip, cport, sip, sport, cseq, sseq, 0x10, new byte[0]));
        return this;
    }
}
