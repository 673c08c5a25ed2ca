package io.ftpscope.tcp;

/** Bounds and timeouts of the reassembler; all explicit so they can be set from the command line. */
public record ReassemblyConfig(
        int maxConnections,
        long maxBufferedPerStream,
        long maxBufferedTotal,
        long idleTimeoutNanos,
        long closedLingerNanos) {

    public static ReassemblyConfig defaults() {
        return new ReassemblyConfig(200_000, 4L << 20, 256L << 20, 300_000_000_000L, 5_000_000_000L); // closed connections linger 5 s, as Zeek's tcp_close_delay
    }

    public ReassemblyConfig withIdleTimeoutSeconds(double s) {
        return new ReassemblyConfig(maxConnections, maxBufferedPerStream, maxBufferedTotal, (long) (s * 1e9), closedLingerNanos);
    }

    public ReassemblyConfig withMaxConnections(int n) {
        return new ReassemblyConfig(n, maxBufferedPerStream, maxBufferedTotal, idleTimeoutNanos, closedLingerNanos);
    }

    public ReassemblyConfig withBuffers(long perStream, long total) {
        return new ReassemblyConfig(maxConnections, perStream, total, idleTimeoutNanos, closedLingerNanos);
    }
}
