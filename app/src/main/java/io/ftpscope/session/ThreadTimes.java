package io.ftpscope.session;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * FTPSCOPE_THREAD_TIMES=1: each pipeline thread reports its own CPU time on stderr when it ends
 * (for docs/performance.md: on a shared machine, the busiest thread's CPU time says more than the
 * wall clock). Costs nothing when the variable is not set.
 */
public final class ThreadTimes {
    private static final boolean ON = System.getenv("FTPSCOPE_THREAD_TIMES") != null;

    private ThreadTimes() {
    }

    /** Says when something happened, counted from the JVM's start (the first packet: where start-up ends). */
    public static void mark(String what) {
        if (ON) {
            System.err.printf("ftpscope: %s %.3f s after the JVM started%n", what, ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        }
    }

    /** Called by a thread at its end (and by the main thread when the run ends). */
    public static void report() {
        if (!ON) {
            return;
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu = mx.getCurrentThreadCpuTime();
        long user = mx.getCurrentThreadUserTime();
        long up = ManagementFactory.getRuntimeMXBean().getUptime();
        System.err.printf("ftpscope: thread %s: cpu %.2f s (user %.2f s), ends %.2f s after the JVM started%n",
                Thread.currentThread().getName(), cpu / 1e9, user / 1e9, up / 1e3);
    }
}
