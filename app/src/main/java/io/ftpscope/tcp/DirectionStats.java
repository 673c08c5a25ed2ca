package io.ftpscope.tcp;

/** What one direction of a connection carried, as reassembled. */
public record DirectionStats(
        long bytes,
        long gaps,
        long gapBytes,
        long retransmittedBytes,
        long outOfOrderSegments,
        long keepAlives,
        long zeroWindows,
        long conflictingOverlaps,
        long segments,
        long truncatedFrames,
        boolean synSeen) {
}
