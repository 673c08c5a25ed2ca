package io.ftpscope.session;

import java.util.Set;

/** Bounds and timeouts of the FTP layer. */
public record SessionConfig(
        Set<Integer> controlPorts,
        Set<Integer> implicitTlsPorts,
        boolean detectByContent,
        int maxLine,
        int maxReplyLines,
        int maxPendingCommands,
        int maxCommandsPerSession,
        int maxTransfersPerSession,
        int maxExpectationsPerSession,
        int maxExpectationsTotal,
        long expectationTimeoutNanos,
        int maxHeldConnections,
        long holdTimeoutNanos,
        int maxSessions,
        int maxUnlinkedReported) {

    public static SessionConfig defaults() {
        return new SessionConfig(Set.of(21), Set.of(990), true, 4096, 1000, 1000, 10_000, 10_000, 10, 100_000,
                300_000_000_000L, 4096, 10_000_000_000L, 100_000, 10_000);
    }

    public SessionConfig withPorts(Set<Integer> ports) {
        return new SessionConfig(ports, implicitTlsPorts, detectByContent, maxLine, maxReplyLines, maxPendingCommands,
                maxCommandsPerSession, maxTransfersPerSession, maxExpectationsPerSession, maxExpectationsTotal,
                expectationTimeoutNanos, maxHeldConnections, holdTimeoutNanos, maxSessions, maxUnlinkedReported);
    }

    public SessionConfig withExpectationTimeoutSeconds(double s) {
        return new SessionConfig(controlPorts, implicitTlsPorts, detectByContent, maxLine, maxReplyLines, maxPendingCommands,
                maxCommandsPerSession, maxTransfersPerSession, maxExpectationsPerSession, maxExpectationsTotal,
                (long) (s * 1e9), maxHeldConnections, holdTimeoutNanos, maxSessions, maxUnlinkedReported);
    }

    public SessionConfig withMaxLine(int n) {
        return new SessionConfig(controlPorts, implicitTlsPorts, detectByContent, n, maxReplyLines, maxPendingCommands,
                maxCommandsPerSession, maxTransfersPerSession, maxExpectationsPerSession, maxExpectationsTotal,
                expectationTimeoutNanos, maxHeldConnections, holdTimeoutNanos, maxSessions, maxUnlinkedReported);
    }

    public SessionConfig withMaxSessions(int n) {
        return new SessionConfig(controlPorts, implicitTlsPorts, detectByContent, maxLine, maxReplyLines, maxPendingCommands,
                maxCommandsPerSession, maxTransfersPerSession, maxExpectationsPerSession, maxExpectationsTotal,
                expectationTimeoutNanos, maxHeldConnections, holdTimeoutNanos, n, maxUnlinkedReported);
    }
}
