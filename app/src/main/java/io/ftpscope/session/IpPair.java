package io.ftpscope.session;

/** Two hosts, unordered: the key for "a session runs between these hosts". */
record IpPair(int version, long aHi, long aLo, long bHi, long bLo) {
    static IpPair of(int v, long h1, long l1, long h2, long l2) {
        int c = Long.compareUnsigned(h1, h2);
        if (c == 0) {
            c = Long.compareUnsigned(l1, l2);
        }
        return c <= 0 ? new IpPair(v, h1, l1, h2, l2) : new IpPair(v, h2, l2, h1, l1);
    }

    // Written out: a record's generated equals and hashCode are bound through invokedynamic at their
    // first call, which cost a tenth of the start-up time for the two map keys of the tracker.
    @Override
    public boolean equals(Object o) {
        return o instanceof IpPair p && p.version == version && p.aHi == aHi && p.aLo == aLo && p.bHi == bHi && p.bLo == bLo;
    }

    @Override
    public int hashCode() {
        long h = aHi * 31 + aLo;
        h = h * 31 + bHi;
        h = h * 31 + bLo;
        return (int) (h ^ h >>> 32) * 31 + version;
    }
}
