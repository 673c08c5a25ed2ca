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
}
