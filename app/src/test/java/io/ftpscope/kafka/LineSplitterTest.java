package io.ftpscope.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();
    private final LineSplitter s = new LineSplitter(b -> lines.add(new String(b, StandardCharsets.UTF_8)));

    private static byte[] utf8(String t) {
        return t.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachNewlineEndsOneLineWithoutTheNewline() {
        byte[] b = utf8("{\"a\":1}\n{\"b\":2}\n");
        s.write(b, 0, b.length);
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), lines);
        assertEquals(0, s.pending());
    }

    @Test
    void aLineCutAcrossWritesIsJoined() {
        byte[] b = utf8("{\"event\":\"command\",\"arg\":\"große.bin\"}\n{\"x\"");
        for (int cut : new int[] {3, 17, 31}) {
            lines.clear();
            LineSplitter t = new LineSplitter(x -> lines.add(new String(x, StandardCharsets.UTF_8)));
            t.write(b, 0, cut);
            assertEquals(List.of(), lines, "nothing before the newline");
            t.write(b, cut, b.length - cut);
            assertEquals(List.of("{\"event\":\"command\",\"arg\":\"große.bin\"}"), lines, "cut at " + cut);
            assertEquals(4, t.pending(), "the start of the next line waits");
        }
    }

    @Test
    void byteByByteAndBulkGiveTheSameLines() {
        byte[] b = utf8("ä\n\nöü line\n" + "x".repeat(5000) + "\n");
        for (byte x : b) {
            s.write(x & 0xff);
        }
        List<String> one = List.copyOf(lines);
        lines.clear();
        s.write(b, 0, b.length);
        assertEquals(one, lines);
        assertEquals(List.of("ä", "", "öü line", "x".repeat(5000)), one, "an empty line is a record too; long lines grow the buffer");
    }

    @Test
    void writesInTheMiddleOfAnArrayUseOnlyTheirRange() {
        byte[] b = utf8("junk{\"k\":1}\nmorejunk");
        s.write(b, 4, 8);
        assertEquals(List.of("{\"k\":1}"), lines);
    }

    @Test
    void anUnterminatedLastLineIsHandedOnAtClose() {
        byte[] b = utf8("{\"a\":1}\n{\"tail\"");
        s.write(b, 0, b.length);
        s.close();
        assertEquals(List.of("{\"a\":1}", "{\"tail\""), lines);
        s.close();
        assertEquals(2, lines.size(), "closing again adds nothing");
    }
}
