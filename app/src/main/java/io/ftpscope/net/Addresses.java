package io.ftpscope.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Addresses travel as (version, hi, lo) longs so that the hot path allocates nothing; IPv4 lives in
 * the low 32 bits of lo. Strings are made only for output.
 */
public final class Addresses {
    private Addresses() {
    }

    /** An endpoint as people write it: 10.0.0.1:21, an IPv6 address in brackets ([2001:db8::1]:21). */
    public static String endpoint(String ip, int port) {
        return endpoint(new StringBuilder(ip.length() + 8), ip, port).toString();
    }

    /** {@link #endpoint(String, int)} appended to {@code b}. */
    public static StringBuilder endpoint(StringBuilder b, String ip, int port) {
        if (ip.indexOf(':') >= 0) {
            return b.append('[').append(ip).append("]:").append(port);
        }
        return b.append(ip).append(':').append(port);
    }

    /** Whether this is an IPv4-mapped IPv6 address (::ffff:a.b.c.d): an IPv4 host, written the IPv6 way. */
    public static boolean isV4Mapped(int version, long hi, long lo) {
        return version == 6 && hi == 0 && (lo >>> 32) == 0xffffL;
    }

    public static String format(int version, long hi, long lo) {
        if (version == 4) {
            return ((lo >>> 24) & 0xff) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
        }
        if (isV4Mapped(version, hi, lo)) {
            // IPv4-mapped: InetAddress would turn it into a bare IPv4 address; RFC 5952 section 5 form instead.
            return "::ffff:" + format(4, 0, lo & 0xffffffffL);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        try {
            String s = InetAddress.getByAddress(b).getHostAddress();
            return compress(s);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Java prints IPv6 without "::" compression; do it the RFC 5952 way (longest zero run). */
    static String compress(String full) {
        String[] parts = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < parts.length; ) {
            if (parts[i].equals("0")) {
                int j = i;
                while (j < parts.length && parts[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bestStart; i++) {
            sb.append(i > 0 ? ":" : "").append(parts[i]);
        }
        sb.append("::");
        for (int i = bestStart + bestLen; i < parts.length; i++) {
            sb.append(parts[i]).append(i < parts.length - 1 ? ":" : "");
        }
        return sb.toString();
    }

    /** Parses an IPv4 or IPv6 literal into {version, hi, lo}; null when it is not one. */
    public static long[] parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return parseDottedQuad(s);
        }
        try {
            byte[] b = InetAddress.getByName(s).getAddress();
            if (b.length == 4 && s.indexOf(':') >= 0) {
                // "::ffff:a.b.c.d" is IPv6 even though InetAddress hands back an Inet4Address for it.
                return new long[] {6, 0, 0xffff00000000L | ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL)};
            }
            if (b.length == 4) {
                return new long[] {4, 0, ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL)};
            }
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = hi << 8 | (b[i] & 0xff);
                lo = lo << 8 | (b[8 + i] & 0xff);
            }
            return new long[] {6, hi, lo};
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Strict a.b.c.d. InetAddress would accept "10" or "1.2.3" as BSD shorthand and would send anything
     * else (such as "300.1.1.1" from a hostile EPRT) to the DNS resolver.
     */
    private static long[] parseDottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long v = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int n = Integer.parseInt(part);
            if (n > 255) {
                return null;
            }
            v = v << 8 | n;
        }
        return new long[] {4, 0, v};
    }
}
