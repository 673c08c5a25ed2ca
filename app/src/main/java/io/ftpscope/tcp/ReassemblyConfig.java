package io.ftpscope.tcp;

/** Bounds and timeouts of the reassembler; all explicit so they can be set from the command line. */
public record ReassemblyConfig(
        int maxConnections,
        long maxBufferedPerStream,
        long maxBufferedTotal,
        long idleTimeoutNanos,
        long closedLingerNanos,
        int maxLingering) {

    public static ReassemblyConfig defaults() {
        // closed connections linger 5 s, as Zeek's tcp_close_delay, but at most the 16,384 most recent
        // of them: at 40,000 closes per second (a 4 Gbit/s FTP link) 5 s would hold 200,000.
        return new ReassemblyConfig(200_000, 4L << 20, 256L << 20, 300_000_000_000L, 5_000_000_000L, 16_384);
    }

    public ReassemblyConfig withIdleTimeoutSeconds(double s) {
        return new ReassemblyConfig(maxConnections, maxBufferedPerStream, maxBufferedTotal, (long) (s * 1e9), closedLingerNanos, maxLingering);
    }

    public ReassemblyConfig withMaxConnections(int n) {
        return new ReassemblyConfig(n, maxBufferedPerStream, maxBufferedTotal, idleTimeoutNanos, closedLingerNanos, maxLingering);
    }

    public ReassemblyConfig withMaxLingering(int n) {
        return new ReassemblyConfig(maxConnections, maxBufferedPerStream, maxBufferedTotal, idleTimeoutNanos, closedLingerNanos, n);
    }

    public ReassemblyConfig withBuffers(long perStream, long total) {
        return new ReassemblyConfig(maxConnections, perStream, total, idleTimeoutNanos, closedLingerNanos, maxLingering);
    }
}
