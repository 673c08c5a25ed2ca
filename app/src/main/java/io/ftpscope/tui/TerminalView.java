package io.ftpscope.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The terminal view: runs on the calling thread until `q`, Ctrl-C, the end callback or a closed
 * terminal. It only reads published {@link Snapshot}s, polling about 10 times a second, so a slow
 * terminal can never hold up capture.
 */
public final class TerminalView {
    private static final long FRAME_NANOS = 100_000_000L;

    private final LiveModel model;
    private final Supplier<Snapshot> source;
    private final LongSupplier elapsed;
    private final Renderer renderer;
    private final Path saveDir;
    private final UiState st = new UiState();

    /**
     * @param model   its latest snapshot is read (a volatile read); asked for explanations (`e`)
     * @param elapsed what the status bar shows as elapsed time
     */
    public TerminalView(LiveModel model, LongSupplier elapsed, String title, Path saveDir) {
        this.model = model;
        this.source = model::current;
        this.elapsed = elapsed;
        this.renderer = new Renderer(Palette.detect(), title);
        this.saveDir = saveDir;
    }

    /** True when standard input and output are a terminal (the view needs one). */
    public static boolean haveTerminal() {
        return System.console() != null;
    }

    /**
     * Takes over the terminal until the user quits or {@code stop} says so; the terminal is restored
     * on every way out, exceptions included.
     */
    public void run(BooleanSupplier stop) throws IOException {
        // TRAP: Ctrl-C arrives as a key, so it quits through the same path as `q` (terminal restored,
        // summary printed) instead of killing the JVM mid-frame with the terminal in raw mode.
        Terminal term = new UnixTerminal(System.in, System.out, StandardCharsets.UTF_8, UnixLikeTerminal.CtrlCBehaviour.TRAP);
        Screen screen = new TerminalScreen(term);
        screen.startScreen();
        try {
            screen.setCursorPosition(null);
            loop(screen, stop);
        } finally {
            screen.stopScreen();
        }
    }

    private void loop(Screen screen, BooleanSupplier stop) throws IOException {
        long lastSeq = -1;
        long nextFrame = 0;
        boolean dirty = true;
        while (!stop.getAsBoolean()) {
            KeyStroke k = screen.pollInput();
            if (k != null) {
                if (k.getKeyType() == KeyType.EOF || !key(k)) {
                    return;
                }
                dirty = true;
                continue; // drain typed-ahead keys before drawing
            }
            TerminalSize resized = screen.doResizeIfNecessary();
            Snapshot snap = st.paused != null ? st.paused : source.get();
            long now = System.nanoTime();
            if (resized != null || dirty || (snap.seq() != lastSeq && now >= nextFrame) || now >= nextFrame + 1_000_000_000L) {
                draw(screen, snap);
                screen.refresh(resized != null ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
                lastSeq = snap.seq();
                nextFrame = now + FRAME_NANOS;
                dirty = false;
            }
            sleep(20);
        }
    }

    private void draw(Screen screen, Snapshot snap) {
        List<SessionRow> rows = visible(snap);
        follow(rows);
        if (st.explain && !rows.isEmpty()) {
            SessionRow r = rows.get(Math.min(st.selected, rows.size() - 1));
            if (r.finished() && r.explain().isEmpty()) {
                model.wantExplanation(r.id()); // built where the session lives; shown from the next snapshot
            }
        }
        renderer.draw(screen.newTextGraphics(), screen.getTerminalSize(), snap, rows, st, elapsed.getAsLong());
    }

    private List<SessionRow> visible(Snapshot snap) {
        if (st.filter.isEmpty()) {
            return snap.sessions();
        }
        List<SessionRow> out = new ArrayList<>();
        for (SessionRow r : snap.sessions()) {
            if (r.matches(st.filter)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Keeps the selection on the same session when rows come and go. */
    private void follow(List<SessionRow> rows) {
        if (rows.isEmpty()) {
            st.selected = 0;
            return;
        }
        if (!st.userMoved && st.filter.isEmpty()) {
            st.selected = rows.size() - 1;
            st.selectedId = rows.get(st.selected).id();
            return;
        }
        if (st.selectedId != null) {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).id().equals(st.selectedId)) {
                    st.selected = i;
                    return;
                }
            }
        }
        st.selected = Math.max(0, Math.min(st.selected, rows.size() - 1));
        st.selectedId = rows.get(st.selected).id();
    }

    /** @return false to quit */
    private boolean key(KeyStroke k) {
        Character c = k.getKeyType() == KeyType.Character ? k.getCharacter() : null;
        if (c != null && k.isCtrlDown() && (c == 'c' || c == 'C')) {
            return false;
        }
        if (st.help) {
            st.help = false;
            return true;
        }
        if (st.editingFilter) {
            filterKey(k, c);
            return true;
        }
        if (st.savePrompt) {
            st.savePrompt = false;
            if (c != null && (c == 't' || c == 'j')) {
                save(c == 'j');
            }
            return true;
        }
        switch (k.getKeyType()) {
            case ArrowUp -> move(-1);
            case ArrowDown -> move(1);
            case PageUp -> scroll(10);
            case PageDown -> scroll(-10);
            case Enter -> st.detailFocus = !st.detailFocus;
            case Escape -> {
                st.detailFocus = false;
                st.scrollBack = 0;
                st.explain = false;
            }
            case Character -> {
                return charKey(c);
            }
            default -> { }
        }
        return true;
    }

    private boolean charKey(char c) {
        switch (c) {
            case 'q', 'Q' -> {
                return false;
            }
            case 'k' -> move(-1);
            case 'j' -> move(1);
            case '/' -> st.editingFilter = true;
            case '?', 'h' -> st.help = true;
            case 'p' -> {
                st.paused = st.paused == null ? source.get() : null;
                st.say(st.paused != null ? "display paused (capture continues): p resumes" : "display resumed");
            }
            case 'w' -> st.savePrompt = true;
            case 'e' -> {
                st.explain = !st.explain;
                st.explainTop = 0;
            }
            default -> { }
        }
        return true;
    }

    private void filterKey(KeyStroke k, Character c) {
        switch (k.getKeyType()) {
            case Enter -> st.editingFilter = false;
            case Escape -> {
                st.filter = "";
                st.editingFilter = false;
            }
            case Backspace -> st.filter = st.filter.isEmpty() ? "" : st.filter.substring(0, st.filter.length() - 1);
            case Character -> {
                if (c != null && c >= ' ' && st.filter.length() < 40) {
                    st.filter += c;
                }
            }
            default -> { }
        }
        st.selectedId = null; // the first match becomes the selection
    }

    private void move(int d) {
        if (st.detailFocus) {
            scroll(-d);
            return;
        }
        st.userMoved = true;
        st.selected = Math.max(0, st.selected + d);
        st.selectedId = null;
        st.scrollBack = 0;
        st.explainTop = 0;
        List<SessionRow> rows = visible(st.paused != null ? st.paused : source.get());
        if (!rows.isEmpty()) {
            st.selected = Math.min(st.selected, rows.size() - 1);
            st.selectedId = rows.get(st.selected).id();
        }
    }

    private void scroll(int up) {
        if (st.explain) {
            st.explainTop = Math.max(0, st.explainTop - up); // the explanation reads from the top
            return;
        }
        st.scrollBack = Math.max(0, st.scrollBack + up);
    }

    private void save(boolean json) {
        List<SessionRow> rows = visible(st.paused != null ? st.paused : source.get());
        if (rows.isEmpty()) {
            st.say("no session to save");
            return;
        }
        SessionRow r = rows.get(Math.min(st.selected, rows.size() - 1));
        try {
            Path p = TimelineFile.write(saveDir, r, json);
            st.say("saved " + r.id() + " to " + p);
        } catch (IOException e) {
            st.say("could not save: " + e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
