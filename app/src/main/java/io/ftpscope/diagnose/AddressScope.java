package io.ftpscope.diagnose;

import io.ftpscope.ftp.HostPort;

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
}
