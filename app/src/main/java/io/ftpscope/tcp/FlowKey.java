package io.ftpscope.tcp;

/**
 * A connection's 5-tuple in canonical order (lower endpoint first), so both directions find the
 * same entry. Mutable so that one probe instance serves every lookup without allocation.
 */
final class FlowKey {
    int version;
    long aHi;
    long aLo;
    int aPort;
    long bHi;
    long bLo;
    int bPort;
    private int hash;

    /** Sets the key from one direction's endpoints; returns true when (src) became endpoint a. */
    boolean set(int v, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort) {
        version = v;
        boolean srcFirst = compare(sHi, sLo, sPort, dHi, dLo, dPort) <= 0;
        if (srcFirst) {
            aHi = sHi; aLo = sLo; aPort = sPort; bHi = dHi; bLo = dLo; bPort = dPort;
        } else {
            aHi = dHi; aLo = dLo; aPort = dPort; bHi = sHi; bLo = sLo; bPort = sPort;
        }
        long h = v;
        h = h * 31 + aHi;
        h = h * 31 + aLo;
        h = h * 31 + aPort;
        h = h * 31 + bHi;
        h = h * 31 + bLo;
        h = h * 31 + bPort;
        hash = (int) (h ^ (h >>> 32));
        return srcFirst;
    }

    private static int compare(long h1, long l1, int p1, long h2, long l2, int p2) {
        int c = Long.compareUnsigned(h1, h2);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(l1, l2);
        return c != 0 ? c : Integer.compare(p1, p2);
    }

    FlowKey copy() {
        FlowKey k = new FlowKey();
        k.version = version;
        k.aHi = aHi; k.aLo = aLo; k.aPort = aPort; k.bHi = bHi; k.bLo = bLo; k.bPort = bPort;
        k.hash = hash;
        return k;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FlowKey k)) {
            return false;
        }
        return version == k.version && aLo == k.aLo && bLo == k.bLo && aPort == k.aPort && bPort == k.bPort
                && aHi == k.aHi && bHi == k.bHi;
    }
}
