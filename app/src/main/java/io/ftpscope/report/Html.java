package io.ftpscope.report;

/**
 * Escaping for text that comes from the capture, which is attacker-controlled: a file name such as
 * {@code <script>} must show as text. Control characters are made visible ({@code \x07}) rather
 * than passed through, so a reply cannot rewrite what the reader sees.
 */
final class Html {
    private Html() {
    }

    /** Text or attribute value; null becomes an empty string. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\n' -> b.append('\n');
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
                            || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
                        b.append(String.format("\\x%02x", (int) c & 0xffff)); // controls and bidi overrides shown, not obeyed
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Escaped and cut to max characters (labels in the diagram). */
    static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        return esc(s.length() > max ? s.substring(0, max - 1) + "…" : s);
    }
}
