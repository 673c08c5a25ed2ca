package io.ftpscope.net;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Counters of the decoding layer: frames read = decoded + sum of skipped. */
public final class DecodeStats {
    public long framesRead;
    public long decoded;
    /** Decoded frames whose TCP payload was cut by snaplen (the missing bytes become gaps). */
    public long truncatedPayload;
    public long ipv4;
    public long ipv6;
    public long fragments;
    public long datagramsReassembled;
    private final long[] skipped = new long[SkipReason.values().length];
    private final Map<Integer, Long> unknownLinkTypes = new TreeMap<>();

    void skip(SkipReason r) {
        skipped[r.ordinal()]++;
    }

    void unknownLink(int lt) {
        skipped[SkipReason.UNKNOWN_LINK_TYPE.ordinal()]++;
        if (unknownLinkTypes.size() < 64 || unknownLinkTypes.containsKey(lt)) {
            unknownLinkTypes.merge(lt, 1L, Long::sum);
        }
    }

    /** Fragments held earlier were dropped or merged: move them out of the held counter. */
    void fragmentsResolved(int n, SkipReason to) {
        skipped[SkipReason.FRAGMENT_HELD.ordinal()] -= n;
        if (to != null) {
            skipped[to.ordinal()] += n;
        }
    }

    public long skipped(SkipReason r) {
        return skipped[r.ordinal()];
    }

    public long skippedTotal() {
        long t = 0;
        for (long s : skipped) {
            t += s;
        }
        return t;
    }

    public Map<SkipReason, Long> skippedByReason() {
        Map<SkipReason, Long> m = new EnumMap<>(SkipReason.class);
        for (SkipReason r : SkipReason.values()) {
            if (skipped[r.ordinal()] > 0) {
                m.put(r, skipped[r.ordinal()]);
            }
        }
        return m;
    }

    public Map<Integer, Long> unknownLinkTypes() {
        return unknownLinkTypes;
    }
}
