package io.ftpscope.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyAssemblerTest {
    private final List<Reply> out = new ArrayList<>();
    private final ReplyAssembler a = new ReplyAssembler((r, ts) -> out.add(r), 5);

    @Test
    void singleLine() {
        a.line("220 (vsFTPd 3.0.3)", 0, false);
        assertEquals(220, out.get(0).code());
        assertEquals("(vsFTPd 3.0.3)", out.get(0).text());
    }

    @Test
    void multiLineWithInnerLinesThatLookLikeCodes() {
        a.line("211-Features:", 0, false);
        a.line(" EPRT", 0, false);
        a.line("226 not the end: another code", 0, false);
        a.line("211-still going", 0, false);
        a.line("211 End", 0, false);
        assertEquals(1, out.size());
        assertEquals(211, out.get(0).code());
        assertEquals("End", out.get(0).lastText());
        assertEquals(5, out.get(0).lines().size());
    }

    @Test
    void multiLineCapIsBounded() {
        a.line("230-hello", 0, false);
        for (int i = 0; i < 100; i++) {
            a.line("line " + i, 0, false);
        }
        a.line("230 done", 0, false);
        assertEquals(1, out.size());
        assertEquals(5, out.get(0).lines().size());
        assertTrue(out.get(0).truncated());
    }

    @Test
    void codesMustBeThreeDigitsInRange() {
        assertEquals(0, ReplyAssembler.codeOf("SSH-2.0"));
        assertEquals(0, ReplyAssembler.codeOf("2000 x"));
        assertEquals(0, ReplyAssembler.codeOf("099 x"));
        assertEquals(0, ReplyAssembler.codeOf("600 x"));
        assertEquals(550, ReplyAssembler.codeOf("550"));
        assertEquals(226, ReplyAssembler.codeOf("226Transfer"));
    }

    @Test
    void codeWithoutTextAndNonReplies() {
        a.line("200", 0, false);
        a.line("hello there", 0, false);
        assertEquals(200, out.get(0).code());
        assertEquals("", out.get(0).text());
        assertEquals(0, out.get(1).code());
    }

    @Test
    void unfinishedMultiLineIsFlushed() {
        a.line("230-hello", 0, false);
        a.flush(1);
        assertEquals(1, out.size());
        assertTrue(out.get(0).truncated());
    }
}
