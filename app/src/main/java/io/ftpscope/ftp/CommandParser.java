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

    public static Command parse(String line, boolean truncated) {
        String s = line;
        // some clients send leading spaces; a verb never contains one
        int start = 0;
        while (start < s.length() && s.charAt(start) == ' ') {
            start++;
        }
        int sp = s.indexOf(' ', start);
        String verb = sp < 0 ? s.substring(start) : s.substring(start, sp);
        String arg = sp < 0 ? null : s.substring(sp + 1);
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
