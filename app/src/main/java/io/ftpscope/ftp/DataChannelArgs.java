package io.ftpscope.ftp;

/**
 * Parsers for the arguments that announce data connections. Each returns null when the text does
 * not hold a well-formed address and port (a validity result, like Zeek's ftp_port.valid).
 */
public final class DataChannelArgs {
    private DataChannelArgs() {
    }

    /**
     * Whether the whole text is a comma-separated list of 1-3 digit numbers, white space allowed
     * around each (the regex {@code \s*\d{1,3}(\s*,\s*\d{1,3})*\s*}, written out: a regex per
     * PORT command was a tenth of the control-channel work).
     */
    static boolean listOfNumbers(String s) {
        int i = 0;
        int n = s.length();
        while (true) {
            i = skipSpace(s, i);
            int start = i;
            while (i < n && i - start < 3 && isAsciiDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || (i < n && isAsciiDigit(s.charAt(i)))) {
                return false;
            }
            i = skipSpace(s, i);
            if (i == n) {
                return true;
            }
            if (s.charAt(i) != ',') {
                return false;
            }
            i++;
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && isRegexSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The regex class \s: space, tab, LF, vertical tab, form feed, CR. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** PORT h1,h2,h3,h4,p1,p2 (RFC 959); spaces around numbers are tolerated. */
    public static HostPort port(String arg) {
        if (arg == null || !listOfNumbers(arg)) {
            return null;
        }
        int[] n = numbers(arg.trim(), 0, 6);
        return n == null ? null : v4(n, 0, n[4], n[5]);
    }

    /**
     * 227 reply text: RFC 959 fixes no format, so find the first run of six comma-separated numbers,
     * with or without parentheses ("Entering Passive Mode (10,0,0,2,156,65).", "=10,0,0,2,156,65").
     */
    public static HostPort pasv(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i)) && (i == 0 || !Character.isDigit(text.charAt(i - 1)))) {
                int[] n = numbers(text, i, 6);
                if (n != null) {
                    return v4(n, 0, n[4], n[5]);
                }
            }
        }
        return null;
    }

    /** EPRT |1|132.235.1.2|6275| or |2|1080::8:800:200C:417A|5282| — any delimiter (RFC 2428). */
    public static HostPort eprt(String arg) {
        if (arg == null) {
            return null;
        }
        String s = arg.trim();
        if (s.length() < 7) {
            return null;
        }
        char d = s.charAt(0);
        if (d < 33 || d > 126 || Character.isDigit(d)) {
            return null;
        }
        String[] parts = split(s, d);
        // "", proto, addr, port, "" (anything after the last delimiter is ignored)
        if (parts.length < 5) {
            return null;
        }
        String proto = parts[1].trim();
        int port = parsePort(parts[3].trim());
        if (port < 0 || !(proto.equals("1") || proto.equals("2"))) {
            return null;
        }
        String addr = parts[2].trim();
        if (proto.equals("1") == (addr.indexOf(':') >= 0)) {
            return null;
        }
        long[] a = io.ftpscope.net.Addresses.parse(addr);
        if (a == null) {
            return null;
        }
        if (io.ftpscope.net.Addresses.isV4Mapped((int) a[0], a[1], a[2])) {
            // ::ffff:a.b.c.d names an IPv4 host: its data connection travels as IPv4
            return new HostPort(4, 0, a[2] & 0xFFFFFFFFL, port);
        }
        return new HostPort((int) a[0], a[1], a[2], port);
    }

    /** 229 reply: "Entering Extended Passive Mode (|||6446|)". Only the port is given. */
    public static HostPort epsv(String text) {
        if (text == null) {
            return null;
        }
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open + 5) {
            return null;
        }
        String in = text.substring(open + 1, close);
        char d = in.charAt(0);
        if (in.length() < 5 || in.charAt(1) != d || in.charAt(2) != d || in.charAt(in.length() - 1) != d) {
            return null;
        }
        int port = parsePort(in.substring(3, in.length() - 1).trim());
        return port < 0 ? null : new HostPort(0, 0, 0, port);
    }

    /** LPRT af,hal,h1..hn,pal,p1..pn (RFC 1639): 4,4,... for IPv4, 6,16,... for IPv6. */
    public static HostPort lprt(String arg) {
        if (arg == null || !listOfNumbers(arg)) {
            return null;
        }
        return longAddress(arg.trim(), 0);
    }

    /** 228 reply: "Entering Long Passive Mode (4,4,h1,h2,h3,h4,2,p1,p2)". */
    public static HostPort lpsv(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == '4' || c == '6') && (i == 0 || !Character.isDigit(text.charAt(i - 1)))) {
                HostPort hp = longAddress(text, i);
                if (hp != null) {
                    return hp;
                }
            }
        }
        return null;
    }

    private static HostPort longAddress(String s, int from) {
        int[] head = numbers(s, from, 2, false);
        if (head == null) {
            return null;
        }
        int af = head[0];
        int hal = head[1];
        if (!((af == 4 && hal == 4) || (af == 6 && hal == 16))) {
            return null;
        }
        int total = 2 + hal + 1 + 2;
        int[] n = numbers(s, from, total);
        if (n == null || n[2 + hal] != 2) {
            return null;
        }
        int p1 = n[3 + hal];
        int p2 = n[4 + hal];
        if (af == 4) {
            return v4(n, 2, p1, p2);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | n[2 + i];
            lo = lo << 8 | n[10 + i];
        }
        return new HostPort(6, hi, lo, p1 << 8 | p2);
    }

    private static HostPort v4(int[] n, int at, int p1, int p2) {
        long ip = (long) n[at] << 24 | n[at + 1] << 16 | n[at + 2] << 8 | n[at + 3];
        int port = p1 << 8 | p2;
        return new HostPort(4, 0, ip, port);
    }

    /**
     * Reads exactly count comma-separated decimal numbers 0-255 starting at from; spaces around
     * the numbers are allowed. The count-th number must not be followed by another ",digit".
     */
    static int[] numbers(String s, int from, int count) {
        return numbers(s, from, count, true);
    }

    static int[] numbers(String s, int from, int count, boolean last) {
        int[] out = new int[count];
        int i = from;
        for (int k = 0; k < count; k++) {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            int v = 0;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && i - start < 4) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || v > 255 || (i < s.length() && Character.isDigit(s.charAt(i)))) {
                return null;
            }
            out[k] = v;
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            if (k < count - 1) {
                if (i >= s.length() || s.charAt(i) != ',') {
                    return null;
                }
                i++;
            }
        }
        int j = i;
        while (j < s.length() && s.charAt(j) == ' ') {
            j++;
        }
        if (last && j + 1 < s.length() && s.charAt(j) == ',' && Character.isDigit(s.charAt(j + 1))) {
            return null; // more numbers follow: not the form we were asked for
        }
        return out;
    }

    /** s.split(quote(d), -1) without a regex: every field, empty ones included. */
    private static String[] split(String s, char d) {
        int count = 1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == d) {
                count++;
            }
        }
        String[] parts = new String[count];
        int k = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == d) {
                parts[k++] = s.substring(from, i);
                from = i + 1;
            }
        }
        parts[k] = s.substring(from);
        return parts;
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v >= 1 && v <= 65535 ? v : -1;
    }
}
