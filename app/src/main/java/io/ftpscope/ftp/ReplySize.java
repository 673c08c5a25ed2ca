package io.ftpscope.ftp;

/** The size a server puts in a reply's text, as in "150 Opening BINARY mode data connection for f (1234 bytes).". Pure. */
public final class ReplySize {
    /** No "(digits bytes)" in the text. */
    public static final long ABSENT = -1;
    /** The first "(digits bytes)" holds more digits than a long: not a size anyone can use. */
    public static final long TOO_BIG = -2;

    private ReplySize() {
    }

    /**
     * The number in the first "(digits bytes)", as the regex {@code \((\d+) bytes\)} finds it; ABSENT
     * when there is none, TOO_BIG when that first one does not fit a long (a later one is not taken).
     */
    public static long inParens(String text) {
        for (int open = text.indexOf('('); open >= 0; open = text.indexOf('(', open + 1)) {
            int i = open + 1;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            if (i > open + 1 && text.startsWith(" bytes)", i)) {
                try {
                    return Long.parseLong(text, open + 1, i, 10);
                } catch (NumberFormatException tooBig) {
                    return TOO_BIG;
                }
            }
        }
        return ABSENT;
    }
}
