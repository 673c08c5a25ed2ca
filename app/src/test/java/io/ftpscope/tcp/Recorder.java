package io.ftpscope.tcp;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Test listener factory: records, per connection and direction, the delivered bytes, every gap
 * (where in the delivered stream it happened and how big it was), end events and close events, plus
 * one ordered event log per connection so tests can tell when something was reported.
 */
final class Recorder implements StreamFactory {
    /** A gap: {@code at} delivered bytes had been seen in that direction when {@code size} bytes went missing. */
    record Gap(long at, long size) {
    }

    static final class Rec implements ConnectionListener {
        final Connection conn;
        final ByteArrayOutputStream[] data = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        @SuppressWarnings("unchecked")
        final List<Gap>[] gaps = new List[] {new ArrayList<Gap>(), new ArrayList<Gap>()};
        final int[] ends = new int[2];
        final List<String> events = new ArrayList<>();
        int closes;
        ConnState closeState;

        final boolean wantsBytes;

        Rec(Connection c, boolean wantsBytes) {
            conn = c;
            this.wantsBytes = wantsBytes;
        }

        @Override
        public boolean wantsBytes() {
            return wantsBytes;
        }

        private static int d(boolean fromClient) {
            return fromClient ? 0 : 1;
        }

        @Override
        public void onData(Connection c, boolean fromClient, long ts, byte[] b, int off, int len) {
            if (c != conn) {
                throw new AssertionError("listener called for another connection");
            }
            if (len <= 0) {
                throw new AssertionError("onData with len " + len);
            }
            if (ends[d(fromClient)] > 0) {
                throw new AssertionError("data after end in direction " + (fromClient ? "c2s" : "s2c"));
            }
            data[d(fromClient)].write(b, off, len);
            events.add((fromClient ? "C" : "S") + "data:" + len);
        }

        @Override
        public void onGap(Connection c, boolean fromClient, long ts, long bytes) {
            if (bytes <= 0) {
                throw new AssertionError("onGap with " + bytes + " bytes");
            }
            if (ends[d(fromClient)] > 0) {
                throw new AssertionError("gap after end in direction " + (fromClient ? "c2s" : "s2c"));
            }
            gaps[d(fromClient)].add(new Gap(data[d(fromClient)].size(), bytes));
            events.add((fromClient ? "C" : "S") + "gap:" + bytes);
        }

        @Override
        public void onEnd(Connection c, boolean fromClient, long ts) {
            ends[d(fromClient)]++;
            events.add((fromClient ? "C" : "S") + "end");
        }

        @Override
        public void onClose(Connection c, long ts) {
            closes++;
            closeState = c.state();
            events.add("close:" + c.state().label());
        }

        byte[] bytes(boolean fromClient) {
            return data[d(fromClient)].toByteArray();
        }

        String text(boolean fromClient) {
            return data[d(fromClient)].toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        List<Gap> gaps(boolean fromClient) {
            return gaps[d(fromClient)];
        }

        long gapBytes(boolean fromClient) {
            return gaps[d(fromClient)].stream().mapToLong(Gap::size).sum();
        }

        String sha256(boolean fromClient) {
            return Recorder.sha256(bytes(fromClient));
        }
    }

    final List<Rec> recs = new ArrayList<>();
    /** What the listeners made from now on answer to {@link ConnectionListener#wantsBytes}. */
    boolean wantBytes = true;

    @Override
    public ConnectionListener newConnection(Connection c) {
        Rec r = new Rec(c, wantBytes);
        recs.add(r);
        return r;
    }

    Rec only() {
        if (recs.size() != 1) {
            throw new AssertionError("expected exactly one connection, got " + recs.size());
        }
        return recs.get(0);
    }

    Rec get(int i) {
        return recs.get(i);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
