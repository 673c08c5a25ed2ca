package io.ftpscope.diagnose;

/**
 * Thresholds of the stateful rules. The brute-force defaults are Zeek's (20 failed logins within
 * 15 minutes); the caps bound the cross-session tables.
 */
public record DiagnoseConfig(int bruteForceThreshold, long bruteForceWindowNanos, int maxTrackedClients, int maxTrackedServers,
                             int maxPerSession) {
    public static DiagnoseConfig defaults() {
        return new DiagnoseConfig(20, 15 * 60_000_000_000L, 10_000, 10_000, 100);
    }

    public DiagnoseConfig withBruteForceThreshold(int n) {
        return new DiagnoseConfig(Math.max(1, n), bruteForceWindowNanos, maxTrackedClients, maxTrackedServers, maxPerSession);
    }

    public DiagnoseConfig withBruteForceWindowSeconds(double s) {
        return new DiagnoseConfig(bruteForceThreshold, (long) (s * 1e9), maxTrackedClients, maxTrackedServers, maxPerSession);
    }
}
