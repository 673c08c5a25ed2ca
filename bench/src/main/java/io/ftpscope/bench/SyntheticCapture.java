package io.ftpscope.bench;

import io.ftpscope.capture.PcapWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a reproducible FTP-heavy capture for benchmarks: many concurrent sessions, PASV/EPSV/PORT
 * mixed, heavy-tailed transfer sizes, a little loss and reordering. It prints what it wrote
 * (sessions, transfers, bytes, bytes lost) so a run can be checked, not only timed.
 *
 * Usage: SyntheticCapture OUT.pcap [TARGET_BYTES] [CONCURRENT] [SEED]
 */
public final class SyntheticCapture {
    static final int MSS = 1460;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long target = args.length > 1 ? Long.parseLong(args[1]) : 1L << 30;
        int concurrent = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        Totals t = new SyntheticCapture(target, concurrent, seed).write(out);
        System.out.println(t);
    }

    /** What was written: the expected values for a check run. */
    public static final class Totals {
        long frames;
        long bytesWritten;
        long sessions;
        long transfers;
        long dataBytes;
        long lostBytes;
        long reordered;
        long[] byMode = new long[3];

        @Override
        public String toString() {
            return String.format("frames=%d file_bytes=%d sessions=%d transfers=%d data_bytes=%d lost_bytes=%d reordered=%d pasv=%d epsv=%d port=%d",
                    frames, bytesWritten, sessions, transfers, dataBytes, lostBytes, reordered, byMode[0], byMode[1], byMode[2]);
        }
    }

    private final long target;
    private final int concurrent;
    private final SplittableRandom rnd;
    private final Totals totals = new Totals();
    private final byte[] frame = new byte[14 + 20 + 20 + MSS];
    private final byte[] payload = new byte[MSS];
    private PcapWriter w;
    private long clock = 1_700_000_000_000_000_000L;
    private int nextClient;

    SyntheticCapture(long target, int concurrent, long seed) {
        this.target = target;
        this.concurrent = concurrent;
        this.rnd = new SplittableRandom(seed);
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
    }

    Totals write(Path out) throws IOException {
        try (OutputStream os = Files.newOutputStream(out)) {
            w = new PcapWriter(new java.io.BufferedOutputStream(os, 1 << 20), 1, 65535);
            List<Session> live = new ArrayList<>();
            while (totals.bytesWritten < target || !live.isEmpty()) {
                while (live.size() < concurrent && totals.bytesWritten < target) {
                    live.add(new Session());
                }
                int i = rnd.nextInt(live.size());
                if (!live.get(i).step()) {
                    live.set(i, live.get(live.size() - 1));
                    live.remove(live.size() - 1);
                }
            }
            w.close();
        }
        return totals;
    }

    /** A heavy-tailed size: Pareto with alpha 1.1 from 2 kB, capped at 64 MB. */
    long size() {
        double u = 1.0 - rnd.nextDouble();
        return Math.min(64L << 20, (long) (2048 / Math.pow(u, 1 / 1.1)));
    }

    private void emit(int sip, int sport, int dip, int dport, int seq, int ack, int flags, int len) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(frame);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (40 + len)).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(sip).putInt(dip);
        b.putShort((short) sport).putShort((short) dport).putInt(seq).putInt(ack).put((byte) 0x50).put((byte) flags)
                .putShort((short) 65535).putInt(0);
        clock += 500 + rnd.nextInt(1000);
        w.write(clock, frame, 0, 54 + len, 54 + len);
        totals.frames++;
        totals.bytesWritten += 16 + 54 + len;
    }

    /** One TCP connection's sequence state. */
    private final class Tcp {
        final int cip;
        final int cport;
        final int sip;
        final int sport;
        int cseq = rnd.nextInt();
        int sseq = rnd.nextInt();

        Tcp(int cip, int cport, int sip, int sport) {
            this.cip = cip;
            this.cport = cport;
            this.sip = sip;
            this.sport = sport;
        }

        void open() throws IOException {
            emit(cip, cport, sip, sport, cseq, 0, 0x02, 0);
            emit(sip, sport, cip, cport, sseq, cseq + 1, 0x12, 0);
            cseq++;
            sseq++;
            emit(cip, cport, sip, sport, cseq, sseq, 0x10, 0);
        }

        void text(boolean fromClient, String s) throws IOException {
            byte[] t = s.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(t, 0, frame, 54, t.length);
            if (fromClient) {
                emitText(cip, cport, sip, sport, cseq, sseq, t);
                cseq += t.length;
            } else {
                emitText(sip, sport, cip, cport, sseq, cseq, t);
                sseq += t.length;
            }
        }

        private void emitText(int a, int ap, int b, int bp, int seq, int ack, byte[] t) throws IOException {
            // emit() rebuilds headers in 'frame' but leaves the payload bytes from index 54 in place
            System.arraycopy(t, 0, frame, 54, t.length);
            emit(a, ap, b, bp, seq, ack, 0x18, t.length);
        }

        void close() throws IOException {
            emit(cip, cport, sip, sport, cseq, sseq, 0x11, 0);
            emit(sip, sport, cip, cport, sseq, cseq + 1, 0x11, 0);
            cseq++;
            sseq++;
            emit(cip, cport, sip, sport, cseq, sseq, 0x10, 0);
        }
    }

    /** A session as a state machine emitting a few packets per step, so sessions interleave. */
    private final class Session {
        final Tcp ctl;
        int state;
        int transfersLeft = 1 + rnd.nextInt(4);
        Tcp data;
        boolean dataFromServer;
        long remaining;
        int mode;
        int sent;
        boolean pendingSwap;

        Session() {
            int client = nextClient++;
            int cip = 0x0A010000 | (client % 60000 + 1);
            int sip = 0x0A020000 | (client % 7 + 1);
            ctl = new Tcp(cip, 10000 + client % 50000, sip, 21);
            totals.sessions++;
        }

        boolean step() throws IOException {
            switch (state) {
                case 0 -> {
                    ctl.open();
                    ctl.text(false, "220 synthetic FTP\r\n");
                    state = 1;
                }
                case 1 -> {
                    ctl.text(true, "USER bench\r\n");
                    ctl.text(false, "331 password please\r\n");
                    ctl.text(true, "PASS not-a-secret\r\n");
                    ctl.text(false, "230 welcome\r\n");
                    ctl.text(true, "TYPE I\r\n");
                    ctl.text(false, "200 binary\r\n");
                    state = 2;
                }
                case 2 -> {
                    if (transfersLeft-- == 0) {
                        ctl.text(true, "QUIT\r\n");
                        ctl.text(false, "221 bye\r\n");
                        ctl.close();
                        return false;
                    }
                    announce();
                    state = 3;
                }
                case 3 -> {
                    if (!sendData()) {
                        data.close();
                        ctl.text(false, "226 done\r\n");
                        state = 2;
                    }
                }
                default -> throw new IllegalStateException();
            }
            return true;
        }

        private void announce() throws IOException {
            mode = rnd.nextInt(3);
            totals.byMode[mode]++;
            totals.transfers++;
            int port = 20000 + rnd.nextInt(40000);
            String file = "f" + totals.transfers + ".bin";
            remaining = size();
            totals.dataBytes += remaining;
            sent = 0;
            int sip = ctl.sip;
            int cip = ctl.cip;
            if (mode == 0) {
                ctl.text(true, "PASV\r\n");
                ctl.text(false, String.format("227 Entering Passive Mode (%d,%d,%d,%d,%d,%d).\r\n",
                        sip >>> 24, (sip >> 16) & 255, (sip >> 8) & 255, sip & 255, port >> 8, port & 255));
            } else if (mode == 1) {
                ctl.text(true, "EPSV\r\n");
                ctl.text(false, "229 Entering Extended Passive Mode (|||" + port + "|)\r\n");
            } else {
                ctl.text(true, String.format("PORT %d,%d,%d,%d,%d,%d\r\n",
                        cip >>> 24, (cip >> 16) & 255, (cip >> 8) & 255, cip & 255, port >> 8, port & 255));
                ctl.text(false, "200 PORT command successful\r\n");
            }
            ctl.text(true, "RETR " + file + "\r\n");
            if (mode == 2) {
                data = new Tcp(sip, 20, cip, port);
            } else {
                data = new Tcp(cip, 30000 + rnd.nextInt(30000), sip, port);
            }
            dataFromServer = mode == 2; // in active mode the FTP server is the TCP client
            data.open();
            ctl.text(false, "150 Opening BINARY mode data connection for " + file + " (" + remaining + " bytes).\r\n");
        }

        /** Sends up to 8 segments and their ACKs; false when the file is done. */
        private boolean sendData() throws IOException {
            for (int k = 0; k < 8 && remaining > 0; k++) {
                int len = (int) Math.min(MSS, remaining);
                boolean lose = rnd.nextInt(2000) == 0;
                boolean swap = !lose && remaining > 2L * MSS && rnd.nextInt(2000) == 0;
                if (swap) {
                    int len2 = (int) Math.min(MSS, remaining - len);
                    segment(len2, len); // the later one first
                    segment(len, 0);
                    advance(len + len2);
                    totals.reordered++;
                } else if (lose) {
                    advance(len); // not in the capture; the receiver's ACK below proves it
                    totals.lostBytes += len;
                } else {
                    segment(len, 0);
                    advance(len);
                }
                if (++sent % 2 == 0 || remaining == 0) {
                    ack();
                }
            }
            return remaining > 0;
        }

        private void segment(int len, int skip) throws IOException {
            System.arraycopy(payload, 0, frame, 54, len);
            if (dataFromServer) {
                emit(data.cip, data.cport, data.sip, data.sport, data.cseq + skip, data.sseq, 0x10, len);
            } else {
                emit(data.sip, data.sport, data.cip, data.cport, data.sseq + skip, data.cseq, 0x10, len);
            }
        }

        private void advance(int len) {
            remaining -= len;
            if (dataFromServer) {
                data.cseq += len;
            } else {
                data.sseq += len;
            }
        }

        private void ack() throws IOException {
            if (dataFromServer) {
                emit(data.sip, data.sport, data.cip, data.cport, data.sseq, data.cseq, 0x10, 0);
            } else {
                emit(data.cip, data.cport, data.sip, data.sport, data.cseq, data.sseq, 0x10, 0);
            }
        }
    }
}
