package io.ftpscope.explain;

import io.ftpscope.output.Fmt;
import io.ftpscope.session.TimedReply;
import java.util.Locale;

/** Numbers, endpoints and replies as a person reads them. */
final class Words {
    /** Keeps a number and its unit on one line; {@link Wrap} turns it back into a space. */
    static final char NBSP = '\u00a0';

    private Words() {
    }

    static String bytes(long n) {
        return Fmt.n(n) + (n == 1 ? NBSP + "byte" : NBSP + "bytes");
    }

    static String seconds(long nanos) {
        double s = nanos / 1e9;
        return String.format(Locale.ROOT, s < 10 ? "%.3f" : "%.1f", s) + NBSP + "s";
    }

    /** 226 "Transfer complete." - the code, then the server's own words quoted. */
    static String reply(TimedReply r) {
        String t = clean(r.reply().lastText().strip());
        return r.reply().code() + (t.isEmpty() ? "" : " \"" + t + "\"");
    }

    /** Ends a sentence after a quoted reply without doubling its own full stop. */
    static String stop(String s) {
        return s.matches("(?s).*[.!?]\"?") ? s + " " : s + ". ";
    }

    /** Control characters from the wire never reach the terminal. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ? '?' : c);
        }
        return sb.toString();
    }

    static String plural(long n, String one, String many) {
        return Fmt.n(n) + " " + (n == 1 ? one : many);
    }
}
