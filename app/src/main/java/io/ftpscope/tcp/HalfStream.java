package io.ftpscope.tcp;

import java.util.Map;
import java.util.TreeMap;

/**
 * One direction of a connection: where the next in-order byte is, what arrived early, and what the
 * capture is known to have missed. Sequence numbers are unwrapped to 64 bits relative to the
 * expected position, so wrap-around needs no special case.
 */
final class HalfStream {
    /** Segments that arrived ahead of {@link #next}, keyed by unwrapped sequence number. */
    static final class Pending {
        final byte[] data;
        final int missingTail;
        final long ts;

        Pending(byte[] data, int missingTail, long ts) {
            this.data = data;
            this.missingTail = missingTail;
            this.ts = ts;
        }

        int wireLen() {
            return data.length + missingTail;
        }
    }

    boolean seqKnown;
    boolean synSeen;
    int isn;
    long next;
    /**
     * Highest position seen in this direction (segment end or accepted ACK): the reference for
     * unwrapping, so a capture that cut gigabytes out of a transfer (holes that add up to more
     * than 2^31 while {@link #next} waits behind buffered data) still places new segments ahead.
     */
    long high;
    /** Highest position the peer acknowledged (unwrapped), -1 when unknown. */
    long acked = -1;
    long fin = -1;
    boolean ended;
    TreeMap<Long, Pending> pending;
    long buffered;
    boolean lastWasGap;

    // counters
    long bytes;
    long gapBytes;
    long gaps;
    long retransBytes;
    long outOfOrder;
    long keepAlives;
    long zeroWindows;
    long conflicts;
    long segments;
    long truncatedFrames;
    long firstTs;
    long lastTs;

    long abs(int seq) {
        return high + (seq - (int) high);
    }

    void saw(long pos) {
        if (pos > high) {
            high = pos;
        }
    }

    void start(int seq, boolean syn) {
        seqKnown = true;
        if (syn) {
            synSeen = true;
            isn = seq;
            next = Integer.toUnsignedLong(seq) + 1;
        } else {
            next = Integer.toUnsignedLong(seq);
        }
        high = next;
    }

    boolean hasPending() {
        return pending != null && !pending.isEmpty();
    }

    long firstPendingSeq() {
        return pending.firstKey();
    }

    /** Stores an early segment; returns the number of bytes newly buffered (0 if a copy was there). */
    int store(long seq, byte[] b, int off, int len, int missing, long ts) {
        if (pending == null) {
            pending = new TreeMap<>();
        }
        Pending old = pending.get(seq);
        if (old != null) {
            int n = Math.min(old.data.length, len);
            if (!java.util.Arrays.equals(old.data, 0, n, b, off, off + n)) {
                conflicts++;
            }
            retransBytes += Math.min(old.wireLen(), len + missing); // only the overlap was sent twice
            if (old.wireLen() >= len + missing) {
                return 0;
            }
        }
        byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
        if (old != null) { // first copy wins where the two overlap
            System.arraycopy(old.data, 0, copy, 0, Math.min(old.data.length, len));
        }
        keepBuffered(seq, copy);
        pending.put(seq, new Pending(copy, missing, ts));
        int added = len - (old == null ? 0 : old.data.length);
        buffered += added;
        return added;
    }

    /**
     * Counts buffered neighbours whose overlapping bytes differ from the new copy, and overwrites
     * the overlap in the copy with the buffered bytes: the first copy wins, whichever starts first.
     */
    private void keepBuffered(long seq, byte[] copy) {
        Map.Entry<Long, Pending> lower = pending.lowerEntry(seq);
        if (lower != null) {
            keep(lower.getKey(), lower.getValue().data, seq, copy);
        }
        for (Map.Entry<Long, Pending> e : pending.tailMap(seq, false).entrySet()) {
            if (e.getKey() >= seq + copy.length) {
                break;
            }
            keep(e.getKey(), e.getValue().data, seq, copy);
        }
    }

    private void keep(long s1, byte[] d1, long s2, byte[] copy) {
        long from = Math.max(s1, s2);
        long to = Math.min(s1 + d1.length, s2 + copy.length);
        if (from >= to) {
            return;
        }
        int a = (int) (from - s1);
        int c = (int) (from - s2);
        int n = (int) (to - from);
        if (!java.util.Arrays.equals(d1, a, a + n, copy, c, c + n)) {
            conflicts++;
            System.arraycopy(d1, a, copy, c, n);
        }
    }
}
