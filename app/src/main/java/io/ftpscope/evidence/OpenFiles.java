package io.ftpscope.evidence;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Bounds how many output files are open at once: a capture with thousands of concurrent data
 * connections or sessions must not run out of file descriptors. The least recently written file is
 * closed first and reopened (appending) when more bytes come.
 */
final class OpenFiles<T extends OpenFiles.Reopenable> implements Closeable {
    /** Something that can close its file and later reopen it where it left off. */
    interface Reopenable {
        void open() throws IOException;

        void closeFile() throws IOException;
    }

    private final int max;
    private final LinkedHashMap<T, Boolean> open = new LinkedHashMap<>(16, 0.75f, true);

    OpenFiles(int max) {
        this.max = Math.max(1, max);
    }

    /** Makes sure t's file is open, closing the least recently used one if the cap is reached. */
    void use(T t) throws IOException {
        if (open.get(t) != null) {
            return;
        }
        if (open.size() >= max) {
            Iterator<T> it = open.keySet().iterator();
            T eldest = it.next();
            it.remove();
            eldest.closeFile();
        }
        t.open();
        open.put(t, Boolean.TRUE);
    }

    /** t is finished: close its file now. */
    void release(T t) throws IOException {
        if (open.remove(t) != null) {
            t.closeFile();
        }
    }

    int openCount() {
        return open.size();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (T t : open.keySet()) {
            try {
                t.closeFile();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
