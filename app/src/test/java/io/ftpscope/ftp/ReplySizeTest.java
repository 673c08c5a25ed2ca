package io.ftpscope.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The size announced in a 150 reply, read by hand, agrees with the regex it replaced. */
class ReplySizeTest {
    private static final Pattern SIZE = Pattern.compile("\\((\\d+) bytes\\)");

    private static long byRegex(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.find()) {
            return -1;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Test
    void realServerTexts() {
        assertEquals(1048576, ReplySize.inParens("Opening BINARY mode data connection for big.bin (1048576 bytes)."));
        assertEquals(ReplySize.ABSENT, ReplySize.inParens("Here comes the directory listing."));
        assertEquals(12, ReplySize.inParens("Opening (ascii) for a (b) ((12 bytes)"));
        assertEquals(ReplySize.TOO_BIG, ReplySize.inParens("Opening for f (99999999999999999999 bytes) (5 bytes)"));
    }

    @Test
    void agreesWithTheRegexOnRandomText() {
        Random r = new Random(7);
        String[] pieces = {"(", ")", "1", "42", " bytes)", " bytes", "x", " ", "99999999999999999999", "(("};
        int found = 0;
        for (int n = 0; n < 100_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(8); k > 0; k--) {
                b.append(pieces[r.nextInt(pieces.length)]);
            }
            String t = b.toString();
            long expected = byRegex(t);
            long got = ReplySize.inParens(t);
            assertEquals(expected, got < 0 ? -1 : got, t);
            found += expected >= 0 ? 1 : 0;
        }
        org.junit.jupiter.api.Assertions.assertTrue(found > 500, "found " + found);
    }

    @Test
    void firstNumberAgreesWithTheRegexOnRandomText() {
        Pattern digits = Pattern.compile("\\d+");
        Random r = new Random(11);
        String[] pieces = {"(", "1", "42", " bytes", "x", " ", "99999999999999999999", "\u0663", "0"};
        for (int n = 0; n < 100_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(6); k > 0; k--) {
                b.append(pieces[r.nextInt(pieces.length)]);
            }
            String t = b.toString();
            Matcher m = digits.matcher(t);
            long expected = ReplySize.ABSENT;
            if (m.find()) {
                try {
                    expected = Long.parseLong(m.group());
                } catch (NumberFormatException e) {
                    expected = ReplySize.TOO_BIG;
                }
            }
            assertEquals(expected, ReplySize.firstNumber(t), t);
        }
        assertEquals(213, ReplySize.firstNumber("213 sizes follow"));
    }
}
