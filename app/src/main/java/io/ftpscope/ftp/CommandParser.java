package io.ftpscope.ftp;

import java.util.Locale;
import java.util.Set;

/** Parses one command line (without its line end). Pure. */
public final class CommandParser {
    /** Verbs from RFC 959 and its extensions that ftpscope knows by name. Others are kept verbatim. */
    public static final Set<String> KNOWN = Set.of(
            "USER", "PASS", "ACCT", "CWD", "CDUP", "SMNT", "QUIT", "REIN", "PORT", "PASV", "TYPE", "STRU", "MODE",
            "RETR", "STOR", "STOU", "APPE", "ALLO", "REST", "RNFR", "RNTO", "ABOR", "DELE", "RMD", "MKD", "PWD",
            "LIST", "NLST", "SITE", "SYST", "STAT", "HELP", "NOOP",
            "FEAT", "OPTS", "EPRT", "EPSV", "LPRT", "LPSV", "SIZE", "MDTM", "MLST", "MLSD",
            "AUTH", "PBSZ", "PROT", "CCC", "ADAT", "MIC", "CONF", "ENC", "LANG", "HOST",
            "XPWD", "XMKD", "XRMD", "XCWD", "XCUP", "CLNT", "MFMT", "MFCT", "MFF", "HASH", "AVBL", "CSID", "DSIZ");

    /** The longest verb accepted as plausible (RFC 959 verbs are 3-4 letters; extensions stay short). */
    static final int MAX_VERB = 16;

    private CommandParser() {
    }

    /**
     * The known verbs of three or four capital letters, found by their letters packed in an int:
     * such a verb is taken without allocating, and every later comparison with a verb constant
     * succeeds at the identity check.
     */
    private static final int SLOTS = 256;
    private static final int[] PACKED = new int[SLOTS];
    private static final String[] CANONICAL = new String[SLOTS];

    static {
        for (String v : KNOWN) {
            if (v.length() >= 3 && v.length() <= 4) {
                int k = pack(v, 0, v.length());
                int i = slot(k);
                while (CANONICAL[i] != null) {
                    i = (i + 1) & (SLOTS - 1);
                }
                PACKED[i] = k;
                CANONICAL[i] = v;
            }
        }
    }

    /** The letters as an int, or 0 when one is not A-Z. */
    private static int pack(String s, int from, int to) {
        int k = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 'A' || c > 'Z') {
                return 0;
            }
            k = k << 8 | c;
        }
        return k;
    }

    private static int slot(int k) {
        return (k * 0x9E3779B9) >>> 24;
    }

    private static String known(String s, int from, int to) {
        int n = to - from;
        if (n < 3 || n > 4) {
            return null;
        }
        int k = pack(s, from, to);
        if (k == 0) {
            return null;
        }
        for (int i = slot(k); CANONICAL[i] != null; i = (i + 1) & (SLOTS - 1)) {
            if (PACKED[i] == k) {
                return CANONICAL[i];
            }
        }
        return null;
    }

    public static Command parse(String line, boolean truncated) {
        String s = line;
        // some clients send leading spaces; a verb never contains one
        int start = 0;
        while (start < s.length() && s.charAt(start) == ' ') {
            start++;
        }
        int sp = s.indexOf(' ', start);
        String arg = sp < 0 ? null : s.substring(sp + 1);
        String canonical = known(s, start, sp < 0 ? s.length() : sp);
        if (canonical != null) {
            return new Command(canonical, arg, true, truncated);
        }
        String verb = sp < 0 ? s.substring(start) : s.substring(start, sp);
        boolean valid = !verb.isEmpty() && verb.length() <= MAX_VERB;
        for (int i = 0; i < verb.length() && valid; i++) {
            char c = verb.charAt(i);
            valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9');
        }
        return new Command(valid ? verb.toUpperCase(Locale.ROOT) : verb, arg, valid, truncated);
    }

    public static boolean isTransfer(String verb) {
        return switch (verb) {
            case "RETR", "STOR", "STOU", "APPE", "LIST", "NLST", "MLSD" -> true;
            default -> false;
        };
    }

    /** download, upload or listing. */
    public static String direction(String verb) {
        return switch (verb) {
            case "RETR" -> "download";
            case "STOR", "STOU", "APPE" -> "upload";
            default -> "listing";
        };
    }
}
