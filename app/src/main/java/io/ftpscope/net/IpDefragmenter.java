package io.ftpscope.net;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reassembles fragmented IPv4/IPv6 datagrams carrying TCP. Rare on real FTP traffic, so clarity
 * beats speed here; state is capped by datagram count, bytes and age.
 */
final class IpDefragmenter {
    private record Key(int version, long srcHi, long srcLo, long dstHi, long dstLo, long id) {
    }

    private static final class Pending {
        final List<int[]> ranges = new ArrayList<>(); // {offset, length}
        final List<byte[]> parts = new ArrayList<>();
        int total = -1;
        int frames;
        int bytes;
        long firstSeen;
    }

    private final int maxDatagrams;
    private final long timeoutNanos;
    private static final int MAX_DATAGRAM = 65535 + 8;
    /**
     * Fragments held per datagram. Real ones need a few dozen at most (64 KiB in 576-byte pieces is
     * 120); more is an attack, and each fragment costs a pass over the others to check coverage.
     */
    static final int MAX_FRAGMENTS = 256;
    private final Map<Key, Pending> pending = new LinkedHashMap<>();
    private final DecodeStats stats;

    IpDefragmenter(DecodeStats stats, int maxDatagrams, long timeoutNanos) {
        this.stats = stats;
        this.maxDatagrams = maxDatagrams;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * The caller has counted this frame as {@link SkipReason#FRAGMENT_HELD}; on completion the
     * current frame is taken back out of that counter (it becomes a decoded frame).
     * Adds a fragment's transport bytes at the given byte offset; returns the whole transport payload
     * when this fragment completes the datagram, else null.
     */
    byte[] add(long ts, int version, long sHi, long sLo, long dHi, long dLo, long id, int offset, boolean more,
               byte[] b, int off, int len) {
        expire(ts);
        Key k = new Key(version, sHi, sLo, dHi, dLo, id);
        Pending p = pending.get(k);
        if (p == null) {
            if (pending.size() >= maxDatagrams) {
                Iterator<Pending> it = pending.values().iterator();
                stats.fragmentsResolved(it.next().frames, SkipReason.FRAGMENT_DROPPED);
                it.remove();
            }
            p = new Pending();
            p.firstSeen = ts;
            pending.put(k, p);
        }
        p.frames++;
        if (offset + len > MAX_DATAGRAM || p.frames > MAX_FRAGMENTS) {
            pending.remove(k);
            stats.fragmentsResolved(p.frames, SkipReason.FRAGMENT_DROPPED);
            return null;
        }
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        p.ranges.add(new int[] {offset, len});
        p.parts.add(copy);
        p.bytes += len;
        if (!more) {
            p.total = offset + len;
        }
        if (p.total < 0 || !covered(p)) {
            return null;
        }
        pending.remove(k);
        byte[] out = new byte[p.total];
        for (int i = 0; i < p.parts.size(); i++) {
            int[] r = p.ranges.get(i);
            int n = Math.min(r[1], p.total - r[0]);
            if (n > 0) {
                System.arraycopy(p.parts.get(i), 0, out, r[0], n);
            }
        }
        stats.datagramsReassembled++;
        stats.fragmentsResolved(p.frames - 1, SkipReason.FRAGMENT_REASSEMBLED);
        stats.fragmentsResolved(1, null);
        return out;
    }

    private static boolean covered(Pending p) {
        List<int[]> rs = new ArrayList<>(p.ranges);
        rs.sort((a, c) -> Integer.compare(a[0], c[0]));
        int end = 0;
        for (int[] r : rs) {
            if (r[0] > end) {
                return false;
            }
            end = Math.max(end, r[0] + r[1]);
        }
        return end >= p.total;
    }

    private void expire(long ts) {
        Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Pending p = it.next().getValue();
            if (ts - p.firstSeen <= timeoutNanos) {
                break;
            }
            stats.fragmentsResolved(p.frames, SkipReason.FRAGMENT_DROPPED);
            it.remove();
        }
    }

    /** End of input: whatever is still pending will never complete. */
    void flush() {
        for (Pending p : pending.values()) {
            stats.fragmentsResolved(p.frames, SkipReason.FRAGMENT_DROPPED);
        }
        pending.clear();
    }

    int size() {
        return pending.size();
    }

    @Override
    public String toString() {
        return Objects.toString(pending.keySet());
    }
}
