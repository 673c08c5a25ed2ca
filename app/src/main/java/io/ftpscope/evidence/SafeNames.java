package io.ftpscope.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a path from the capture (attacker-controlled: "../../etc/passwd", NUL bytes, 10 kB names,
 * "CON") into one file-name component that can never leave the directory it is resolved in. The
 * path is flattened rather than mirrored, so no directory is ever created from capture data.
 */
public final class SafeNames {
    /** Well under the 255-byte limit of ext4/NTFS, leaving room for prefixes and suffixes. */
    static final int MAX_BYTES = 120;
    private static final Set<String> WINDOWS_DEVICES = Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private SafeNames() {
    }

    /** A single safe component; {@code fallback} when nothing usable is left. */
    public static String component(String raw, String fallback) {
        if (raw == null) {
            return fallback;
        }
        StringBuilder b = new StringBuilder(Math.min(raw.length(), 4 * MAX_BYTES));
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '/' || cp == '\\') {
                b.append('_'); // flatten: "dir/file" -> "dir_file", "../x" -> ".._x"
            } else if (Character.isLetterOrDigit(cp) || ".-_+=,@()[]{}#%~!".indexOf(cp) >= 0) {
                b.appendCodePoint(cp);
            } else if (cp == ' ') {
                b.append(' ');
            } else {
                b.append('_'); // NUL, control and format characters (bidi overrides), ':', '*', '<', ...
            }
            if (b.length() > 4 * MAX_BYTES) {
                break; // the hash suffix below still covers the whole original
            }
        }
        String s = b.toString().strip();
        // No hidden files and no "." or "..": leading dots become underscores; trailing dots and
        // spaces are dropped because Windows silently strips them (making "CON." into "CON").
        int lead = 0;
        while (lead < s.length() && s.charAt(lead) == '.') {
            lead++;
        }
        s = "_".repeat(lead) + s.substring(lead);
        s = s.replaceAll("[. ]+$", "");
        if (s.isEmpty()) {
            s = fallback;
        }
        String stem = s.contains(".") ? s.substring(0, s.indexOf('.')) : s;
        if (WINDOWS_DEVICES.contains(stem.toUpperCase(Locale.ROOT))) {
            s = "_" + s;
        }
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES || b.length() > 4 * MAX_BYTES) {
            s = truncate(s, MAX_BYTES - 14) + "~" + shortHash(raw);
        }
        return s;
    }

    /** Cuts to at most maxBytes of UTF-8 without splitting a character. */
    static String truncate(String s, int maxBytes) {
        StringBuilder b = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + n > maxBytes) {
                break;
            }
            b.appendCodePoint(cp);
            used += n;
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    /** 12 hex digits of SHA-256: tells apart long names that share their first bytes. */
    static String shortHash(String raw) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
