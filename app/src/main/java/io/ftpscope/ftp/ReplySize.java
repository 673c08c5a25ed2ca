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
            int end = digitsEnd(text, open + 1);
            if (end > open + 1 && text.startsWith(" bytes)", end)) {
                return number(text, open + 1, end);
            }
        }
        return ABSENT;
    }

    /** The first run of digits anywhere in the text, as the regex {@code \d+} finds it; ABSENT or TOO_BIG likewise. */
    public static long firstNumber(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isDigit(text.charAt(i))) {
                return number(text, i, digitsEnd(text, i));
            }
        }
        return ABSENT;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digitsEnd(String text, int from) {
        int i = from;
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static long number(String text, int from, int to) {
        try {
            return Long.parseLong(text, from, to, 10);
        } catch (NumberFormatException tooBig) {
            return TOO_BIG;
        }
    }
}
