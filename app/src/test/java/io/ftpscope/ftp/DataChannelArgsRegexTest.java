package io.ftpscope.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written PORT/LPRT argument check accepts exactly what the regex it replaced accepts. */
class DataChannelArgsRegexTest {
    private static final Pattern LIST_OF_NUMBERS = Pattern.compile("\\s*\\d{1,3}(\\s*,\\s*\\d{1,3})*\\s*");

    @Test
    void agreesWithTheRegexOnHandPickedCases() {
        String[] cases = {"10,0,0,1,4,1", " 10 , 0 ,0,1 ,4, 1 ", "1", "", " ", ",", "1,", ",1", "1,,2", "1234,1",
            "123,1", "12a,1", "1\t,\n2\r", "1\u000b,2\f", "1\u00a0,2", "١,2", "1 2", "001,002,003"};
        for (String c : cases) {
            assertEquals(LIST_OF_NUMBERS.matcher(c).matches(), DataChannelArgs.listOfNumbers(c), "[" + c + "]");
        }
    }

    @Test
    void agreesWithTheRegexOnRandomText() {
        Random r = new Random(42);
        char[] alphabet = {'0', '1', '9', ',', ' ', '\t', '\r', 'a', '\u00a0', '5'};
        int accepted = 0;
        for (int n = 0; n < 200_000; n++) {
            char[] t = new char[r.nextInt(14)];
            for (int i = 0; i < t.length; i++) {
                t[i] = alphabet[r.nextInt(alphabet.length)];
            }
            String s = new String(t);
            boolean expected = LIST_OF_NUMBERS.matcher(s).matches();
            assertEquals(expected, DataChannelArgs.listOfNumbers(s), "[" + s + "]");
            accepted += expected ? 1 : 0;
        }
        // both outcomes must be well represented, or the comparison proves little
        org.junit.jupiter.api.Assertions.assertTrue(accepted > 1_000 && accepted < 199_000, "accepted " + accepted);
    }

    @Test
    void eprtSplitsOnAnyDelimiterLikeStringSplit() {
        assertEquals(new HostPort(4, 0, 0x84EB0102L, 6275), DataChannelArgs.eprt("|1|132.235.1.2|6275|"));
        assertEquals(new HostPort(4, 0, 0x84EB0102L, 6275), DataChannelArgs.eprt("!1!132.235.1.2!6275!trailing"));
        assertEquals(null, DataChannelArgs.eprt(".1.132.235.1.2.6275.")); // the delimiter cuts the address apart
        assertEquals(new HostPort(6, 0, 1, 21), DataChannelArgs.eprt("|2|::1|21|"));
        assertEquals(null, DataChannelArgs.eprt("|1|132.235.1.2|6275"));
    }
}
