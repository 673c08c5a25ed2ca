package io.ftpscope.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Names from the capture become one harmless path component. */
class SafeNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "/etc/passwd", "..", ".", "a\u0000b", "C:\\Windows\\x", "CON", "con.txt", "NUL", "lpt1.log",
        "\u202etxt.exe", "x\u0007\u001b[31m\u007fy", "   ", "dir/../../x", ".hidden", "name. . ."})
    void neverLeavesTheDirectory(String raw) {
        String n = SafeNames.component(raw, "unnamed");
        assertFalse(n.isEmpty());
        assertFalse(n.contains("/") || n.contains("\\") || n.contains("\u0000") || n.contains(":"), n);
        assertFalse(n.startsWith("."), n);
        assertFalse(n.chars().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x202a && c <= 0x202e)), n);
        Path base = Path.of("/safe/dir");
        assertEquals(base, base.resolve(n).normalize().getParent(), n);
        String stem = n.contains(".") ? n.substring(0, n.indexOf('.')) : n;
        assertFalse(stem.matches("(?i)CON|PRN|AUX|NUL|COM\\d|LPT\\d"), n);
    }

    @Test
    void longNamesAreCutWithAHashThatKeepsThemApart() {
        String a = "a".repeat(10_000) + "1";
        String b = "a".repeat(10_000) + "2";
        String na = SafeNames.component(a, "x");
        String nb = SafeNames.component(b, "x");
        assertTrue(na.getBytes(StandardCharsets.UTF_8).length <= SafeNames.MAX_BYTES, na);
        assertNotEquals(na, nb);
        assertTrue(SafeNames.component("é".repeat(200), "x").getBytes(StandardCharsets.UTF_8).length <= SafeNames.MAX_BYTES);
    }

    @Test
    void ordinaryNamesStay() {
        assertEquals("big.bin", SafeNames.component("big.bin", "x"));
        assertEquals("listdir_alpha.txt", SafeNames.component("listdir/alpha.txt", "x"));
        assertEquals("_CON", SafeNames.component("CON", "x"));
        assertEquals("unnamed", SafeNames.component(null, "unnamed"));
    }
}
