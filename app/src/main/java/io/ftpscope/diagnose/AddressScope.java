package io.ftpscope.diagnose;

import io.ftpscope.ftp.HostPort;
import io.ftpscope.net.Addresses;

/** Whether an address can be reached from the Internet: what a 227 behind NAT gets wrong. */
final class AddressScope {
    private AddressScope() {
    }

    /** RFC 1918, shared (RFC 6598), loopback, link-local, "this network"; IPv6 ULA, link-local, loopback. */
    static boolean privateOrUnroutable(HostPort hp) {
        if (hp.version() == 4) {
            long a = hp.lo() & 0xffffffffL;
            int o1 = (int) (a >>> 24);
            int o2 = (int) ((a >>> 16) & 0xff);
            return o1 == 10 || o1 == 127 || o1 == 0
                    || (o1 == 172 && o2 >= 16 && o2 <= 31)
                    || (o1 == 192 && o2 == 168)
                    || (o1 == 169 && o2 == 254)
                    || (o1 == 100 && o2 >= 64 && o2 <= 127);
        }
        if (hp.version() == 6) {
            int first16 = (int) (hp.hi() >>> 48);
            boolean loopback = hp.hi() == 0 && hp.lo() == 1;
            return loopback || (first16 & 0xfe00) == 0xfc00 || (first16 & 0xffc0) == 0xfe80;
        }
        return false;
    }

    /** Whether {@code hp} names the address that (version, hi, lo) format to, compared as numbers. */
    static boolean sameAddress(HostPort hp, int version, long hi, long lo) {
        return same(hp.version(), hp.hi(), hp.lo(), version, hi, lo);
    }

    /** The same, but an IPv4-mapped IPv6 address counts as its IPv4 address: the same host. */
    static boolean sameHost(HostPort hp, int version, long hi, long lo) {
        return same(Addresses.isV4Mapped(hp.version(), hp.hi(), hp.lo()) ? 4 : hp.version(), hp.hi(), hp.lo(),
                Addresses.isV4Mapped(version, hi, lo) ? 4 : version, hi, lo);
    }

    /** IPv4 addresses are the low 32 bits of lo (what Addresses.format prints). */
    private static boolean same(int v1, long hi1, long lo1, int v2, long hi2, long lo2) {
        if (v1 != v2) {
            return false;
        }
        return v1 == 4 ? (lo1 & 0xffffffffL) == (lo2 & 0xffffffffL) : hi1 == hi2 && lo1 == lo2;
    }
}
