package io.ftpscope.session;

/** The accepting end of an expected data connection: address and port. */
record DataKey(int version, long hi, long lo, int port) {
    // Written out, like IpPair's: the generated ones are bound through invokedynamic at first use.
    @Override
    public boolean equals(Object o) {
        return o instanceof DataKey k && k.port == port && k.hi == hi && k.lo == lo && k.version == version;
    }

    @Override
    public int hashCode() {
        long h = hi * 31 + lo;
        return ((int) (h ^ h >>> 32) * 31 + port) * 31 + version;
    }
}
