package io.ftpscope.tcp;

/** Whole-reassembler counters, for the summary. */
public final class ReassemblyStats {
    public long connections;
    public long segments;
    /** Segments that arrived for a connection already closed (late ACKs, retransmitted FINs). */
    public long afterClose;
    public long timedOut;
    public long evicted;
    /** Closed connections let go before their linger time because more recent ones hit the cap. */
    public long lingerCapped;
    /** Times a buffer cap forced a gap to be skipped before the data could arrive. */
    public long bufferCapHits;
    public long bufferedBytes;
    public long peakBufferedBytes;
    public long gapBytes;
    public long gaps;
}
