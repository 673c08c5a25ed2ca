package io.ftpscope.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import io.ftpscope.session.Diagnostic;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws one frame into the screen's back buffer; Lanterna then sends only the cells that changed,
 * which is what keeps the view free of flicker. Layout (top to bottom): title bar, sessions pane,
 * detail pane (transfers, then the timeline), status bar. Everything is sized from the terminal,
 * down to 80x24 and below.
 */
final class Renderer {
    static final String[] HELP = {
        "ftpscope terminal view",
        "",
        "Up/Down, j/k   select a session",
        "Enter          open the session: arrows scroll its timeline",
        "Esc            back to the session list",
        "PgUp/PgDn      scroll the timeline by a page",
        "/              filter sessions (id, address, user, state)",
        "p              pause / resume the display (capture goes on)",
        "w              save the selected session's timeline (text or JSON)",
        "e              explain the selected session in plain words (e: back)",
        "?              this help",
        "q, Ctrl-C      quit: stop capture and print the summary",
        "",
        "press any key",
    };

    private final Palette pal;
    private final String title;

    Renderer(Palette pal, String title) {
        this.pal = pal;
        this.title = title;
    }

    /** Rows of the sessions list for a terminal of this height (the rest is the detail pane). */
    static int listRows(int height, int sessions) {
        int max = Math.max(2, (height - 3) / 3);
        return Math.max(1, Math.min(max, Math.max(sessions, 1)));
    }

    void draw(TextGraphics g, TerminalSize size, Snapshot snap, List<SessionRow> rows, UiState st, long elapsedNanos) {
        int w = size.getColumns();
        int h = size.getRows();
        pal.normal(g);
        g.fill(' ');
        titleBar(g, w, st);
        int listRows = listRows(h, rows.size());
        sessions(g, w, rows, st, listRows);
        int detailTop = 2 + listRows;
        SessionRow sel = rows.isEmpty() ? null : rows.get(st.selected);
        detail(g, w, detailTop, h - 1 - detailTop, sel, st);
        statusBar(g, w, h - 1, snap, st, elapsedNanos);
        if (st.help) {
            help(g, w, h);
        }
    }

    private void titleBar(TextGraphics g, int w, UiState st) {
        pal.bar(g);
        String right = (st.paused != null ? "[PAUSED] " : "") + "? help  q quit ";
        String left = " ftpscope  " + title;
        g.putString(0, 0, Fmt.fit(Fmt.fit(left, Math.max(0, w - right.length())) + right, w));
    }

    /** Column widths: id, client, server, user, state, tls, rate. */
    private static int[] columns(int w) {
        int fixed = 4 + 10 + 11 + 8 + 11 + 6; // id, user, state, tls, rate, separators
        int ep = Math.max(8, (w - fixed) / 2);
        return new int[] {4, ep, ep, 10, 11, 8, Math.max(0, w - fixed - 2 * ep + 11)};
    }

    private void sessions(TextGraphics g, int w, List<SessionRow> rows, UiState st, int n) {
        int[] c = columns(w);
        pal.heading(g);
        g.putString(0, 1, Fmt.fit(row(c, "ID", "CLIENT", "SERVER", "USER", "STATE", "TLS", "RATE"), w));
        if (rows.isEmpty()) {
            pal.normal(g);
            g.putString(1, 2, Fmt.fit(st.filter.isEmpty() ? "no FTP sessions yet" : "no session matches /" + st.filter, w - 1));
            return;
        }
        if (st.selected < st.listTop) {
            st.listTop = st.selected;
        } else if (st.selected >= st.listTop + n) {
            st.listTop = st.selected - n + 1;
        }
        st.listTop = Math.max(0, Math.min(st.listTop, rows.size() - n));
        for (int i = 0; i < n && st.listTop + i < rows.size(); i++) {
            int idx = st.listTop + i;
            SessionRow r = rows.get(idx);
            if (idx == st.selected) {
                pal.selected(g, !st.detailFocus);
            } else {
                pal.normal(g);
            }
            g.putString(0, 2 + i, Fmt.fit(row(c, r.id(), r.client(), r.server(), r.user() == null ? "-" : r.user(),
                    (r.flagged() ? "! " : "") + r.state(),
                    r.tls(), r.rateBps() > 0 ? Fmt.rate(r.rateBps()) : ""), w));
        }
    }

    private static String row(int[] c, String... cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            sb.append(Fmt.fit(cells[i], c[i]));
            if (i < cells.length - 1) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    private void detail(TextGraphics g, int w, int top, int height, SessionRow s, UiState st) {
        if (height <= 0) {
            return;
        }
        pal.heading(g);
        if (s == null) {
            g.putString(0, top, Fmt.fit("-- no session selected", w));
            return;
        }
        g.putString(0, top, Fmt.fit("-- " + s.id() + " " + s.client() + " > " + s.server() + "  user "
                + (s.user() == null ? "-" : s.user()) + "  " + s.state() + "  TLS " + s.tls()
                + (st.explain ? "  [explain: PgUp/PgDn scroll, e back]" : st.detailFocus ? "  [timeline: arrows scroll, Esc back]" : "")
                + " ", w));
        int y = top + 1;
        int end = top + height;
        if (st.explain) {
            explain(g, w, y, end, s, st);
            return;
        }
        // Transfers first (newest last), at most half the pane, two lines each.
        List<TransferRow> ts = s.transfers();
        int room = Math.max(0, (height - 1) / 2 / 2);
        int first = Math.max(0, ts.size() - room);
        for (int i = first; i < ts.size() && y + 1 < end; i++) {
            TransferRow t = ts.get(i);
            pal.normal(g);
            g.putString(0, y++, Fmt.fit(" " + t.what() + "  " + t.direction() + "  " + t.mode() + "  " + t.ports(), w));
            pal.progress(g, t.running());
            g.putString(0, y++, Fmt.fit("   " + progress(t, w), w));
        }
        // Diagnostics last, at the foot of the pane (at most half of what is left); the timeline fills the rest.
        List<String[]> diag = diagnosticLines(s.diagnostics(), w);
        int diagRows = diag.isEmpty() ? 0 : Math.min(diag.size(), Math.max(2, (end - y) / 2));
        timeline(g, w, y, end - diagRows, s.timeline(), st);
        for (int i = 0; i < diagRows; i++) {
            String[] l = diag.get(i);
            if (i == diagRows - 1 && diagRows < diag.size()) {
                l = new String[] {"info", " ... " + (diag.size() - diagRows) + " more lines: e explains the session in full"};
            }
            if (l[0] == null) {
                pal.heading(g);
            } else {
                pal.diagnostic(g, l[0]);
            }
            g.putString(0, end - diagRows + i, Fmt.fit(l[1], w));
        }
    }

    /** The Diagnostics section as {severity (null for the heading), text} lines wrapped to w columns. */
    static List<String[]> diagnosticLines(List<Diagnostic> ds, int w) {
        List<String[]> out = new ArrayList<>();
        if (ds.isEmpty()) {
            return out;
        }
        out.add(new String[] {null, "Diagnostics"});
        for (Diagnostic d : ds) {
            for (String l : wrap(" [" + d.severity() + "] ", "   ", d.code() + ": " + d.message(), w)) {
                out.add(new String[] {d.severity(), l});
            }
            if (d.fix() != null && !d.fix().isBlank()) {
                for (String l : wrap("   fix: ", "        ", d.fix(), w)) {
                    out.add(new String[] {"info", l});
                }
            }
        }
        return out;
    }

    private void explain(TextGraphics g, int w, int top, int end, SessionRow s, UiState st) {
        pal.normal(g);
        if (!s.finished()) {
            g.putString(0, top, Fmt.fit(" the explanation appears when the session ends (e: back)", w));
            return;
        }
        if (s.explain().isEmpty()) {
            g.putString(0, top, Fmt.fit(" preparing the explanation...", w));
            return;
        }
        List<String> lines = new ArrayList<>();
        for (String l : s.explain()) {
            int indent = 0;
            while (indent < l.length() && l.charAt(indent) == ' ') {
                indent++;
            }
            String pad = " ".repeat(Math.min(indent, w / 2));
            lines.addAll(l.isBlank() ? List.of("") : wrap(" " + pad, " " + pad, l.substring(indent), w));
        }
        int rows = end - top;
        st.explainTop = Math.max(0, Math.min(st.explainTop, lines.size() - rows));
        for (int i = 0; i < rows && st.explainTop + i < lines.size(); i++) {
            g.putString(0, top + i, Fmt.fit(lines.get(st.explainTop + i), w));
        }
    }

    /** Word-wraps text to w columns, the first line after {@code first}, the others after {@code rest}. */
    static List<String> wrap(String first, String rest, String text, int w) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        int bare = first.length();
        int room = Math.max(1, w - rest.length());
        for (String word : text.strip().split("\\s+")) {
            while (word.length() > room) { // a word longer than a line is cut
                if (line.length() > bare) {
                    out.add(line.toString());
                    line = new StringBuilder(rest);
                    bare = rest.length();
                }
                int cut = Math.max(1, w - line.length());
                out.add(line.append(word, 0, Math.min(cut, word.length())).toString());
                word = word.substring(Math.min(cut, word.length()));
                line = new StringBuilder(rest);
                bare = rest.length();
            }
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > bare && line.length() + 1 + word.length() > w) {
                out.add(line.toString());
                line = new StringBuilder(rest);
                bare = rest.length();
            }
            line.append(line.length() > bare ? " " : "").append(word);
        }
        if (line.length() > bare) {
            out.add(line.toString());
        }
        return out;
    }

    private static String progress(TransferRow t, int w) {
        StringBuilder sb = new StringBuilder(io.ftpscope.output.Fmt.n(t.bytes()));
        if (t.announced() > 0) {
            sb.append(" / ").append(io.ftpscope.output.Fmt.n(t.announced()));
        }
        sb.append(" bytes");
        int pct = t.percent();
        if (pct >= 0) {
            sb.append(String.format(java.util.Locale.ROOT, " %3d%% ", pct));
            int bar = Math.max(0, Math.min(20, w - 70));
            if (bar > 0) {
                int full = pct * bar / 100;
                sb.append('[').append("#".repeat(full)).append(".".repeat(bar - full)).append(']');
            }
        }
        sb.append("  ").append(Fmt.rate(t.rateBps())).append("  ").append(t.status());
        return sb.toString();
    }

    private void timeline(TextGraphics g, int w, int top, int end, Timeline.View tl, UiState st) {
        int rows = end - top;
        if (rows <= 0) {
            return;
        }
        int maxBack = Math.max(0, tl.size() - rows);
        st.scrollBack = Math.max(0, Math.min(st.scrollBack, maxBack));
        int start = Math.max(0, tl.size() - rows - st.scrollBack);
        for (int i = 0; i < rows && start + i < tl.size(); i++) {
            TimelineEntry e = tl.get(start + i);
            pal.entry(g, e.kind());
            g.putString(0, top + i, Fmt.fit(" " + Fmt.clock(e.ts()) + " " + e.text(), w));
        }
    }

    private void statusBar(TextGraphics g, int w, int y, Snapshot s, UiState st, long elapsedNanos) {
        pal.bar(g);
        String text;
        if (st.editingFilter) {
            text = " filter: " + st.filter + "_   (Enter keep, Esc clear)";
        } else if (st.savePrompt) {
            text = " save the timeline as (t)ext or (j)son?  Esc cancels";
        } else if (st.message() != null) {
            text = " " + st.message();
        } else {
            text = " packets " + io.ftpscope.output.Fmt.n(s.packets()) + "  drops " + (s.drops() < 0 ? "-" : io.ftpscope.output.Fmt.n(s.drops()))
                    + "  sessions " + s.sessionsTotal() + "  transfers " + s.transfersTotal() + "  elapsed " + Fmt.duration(elapsedNanos)
                    + (s.running() ? "" : "  (input ended)") + (st.filter.isEmpty() ? "" : "  /" + st.filter);
        }
        g.putString(0, y, Fmt.fit(text, w));
    }

    private void help(TextGraphics g, int w, int h) {
        int longest = 0;
        for (String l : HELP) {
            longest = Math.max(longest, l.length());
        }
        int bw = Math.min(w, longest + 4);
        int bh = Math.min(h, HELP.length + 2);
        int x0 = Math.max(0, (w - bw) / 2);
        int y0 = Math.max(0, (h - bh) / 2);
        pal.bar(g);
        for (int y = 0; y < bh; y++) {
            String line = y == 0 || y == bh - 1 ? "+" + "-".repeat(Math.max(0, bw - 2)) + "+"
                    : "| " + Fmt.fit(y - 1 < HELP.length ? HELP[y - 1] : "", Math.max(0, bw - 4)) + " |";
            g.putString(x0, y0 + y, Fmt.fit(line, bw));
        }
    }
}
