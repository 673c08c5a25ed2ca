package io.ftpscope.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps the run-wide frame number (1-based, in the merged order) back to the input file and the
 * frame's number inside it, so evidence can be found again in Wireshark. Stored as runs (a new run
 * whenever the merge switches input), so rotated files cost one entry each; interleaved inputs cost
 * at most {@link #MAX_RUNS} entries, after which later frames map to no file. Written by the reading
 * thread and read by the outputs' thread, so the shared state is guarded.
 */
public final class FrameRefs {
    static final int MAX_RUNS = 1 << 20;

    private final List<String> names = new ArrayList<>();
    private long[] starts = new long[16];
    private long[] firstInFile = new long[16];
    private int[] inputs = new int[16];
    private int runs;
    private int lastInput = -1;
    private boolean overflow;
    /** First frame whose input is no longer recorded (after the run cap). */
    private long unknownFrom = Long.MAX_VALUE;

    /** Registers an input in command-line order; returns its index. */
    public synchronized int addInput(String name) {
        names.add(name);
        return names.size() - 1;
    }

    public synchronized List<String> names() {
        return names;
    }

    /** True when frame numbers need a file to be meaningful. */
    public synchronized boolean multiple() {
        return names.size() > 1;
    }

    /** Records that run-wide frame {@code global} is frame {@code inFile} of input {@code input}. */
    public void frame(long global, int input, long inFile) {
        if (input == lastInput) { // lastInput is the writer's alone: the per-frame check takes no lock
            return;
        }
        addRun(global, input, inFile);
    }

    private synchronized void addRun(long global, int input, long inFile) {
        if (overflow) {
            return;
        }
        if (runs == MAX_RUNS) {
            overflow = true;
            unknownFrom = global;
            return;
        }
        if (runs == starts.length) {
            starts = Arrays.copyOf(starts, runs * 2);
            firstInFile = Arrays.copyOf(firstInFile, runs * 2);
            inputs = Arrays.copyOf(inputs, runs * 2);
        }
        starts[runs] = global;
        firstInFile[runs] = inFile;
        inputs[runs] = input;
        runs++;
        lastInput = input;
    }

    private int run(long global) {
        int i = Arrays.binarySearch(starts, 0, runs, global);
        int r = i >= 0 ? i : -i - 2;
        return global >= unknownFrom ? -1 : r;
    }

    /** The input holding frame {@code global}, or null when unknown. */
    public synchronized String file(long global) {
        if (runs == 0 && names.size() == 1) {
            return names.get(0);
        }
        int r = run(global);
        return r < 0 ? null : names.get(inputs[r]);
    }

    /** The frame's number inside its input (1-based), or 0 when unknown. */
    public synchronized long frameInFile(long global) {
        if (runs == 0 && names.size() == 1) {
            return global;
        }
        int r = run(global);
        return r < 0 ? 0 : firstInFile[r] + (global - starts[r]);
    }
}
