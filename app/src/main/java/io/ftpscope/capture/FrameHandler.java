package io.ftpscope.capture;

/**
 * Receives frames from a {@link FrameSource}. The byte array is owned by the source and is reused
 * after the call returns: a handler that keeps bytes must copy them.
 */
@FunctionalInterface
public interface FrameHandler {
    /**
     * @param linkType   the DLT/LINKTYPE of this frame (pcapng files may mix interfaces)
     * @param tsNanos    capture time, nanoseconds since the Unix epoch
     * @param buf        buffer holding the captured bytes
     * @param off        offset of the first captured byte
     * @param capLen     number of captured bytes
     * @param origLen    length of the frame on the wire (greater than capLen when cut by snaplen)
     */
    void onFrame(int linkType, long tsNanos, byte[] buf, int off, int capLen, int origLen);

    /**
     * A handler that would rather keep frames in place than copy them lends the reader its buffers
     * (see {@link BufferLender}); a file reader then reads into them. Null: the reader's own buffer,
     * reused after each call.
     */
    default BufferLender lender() {
        return null;
    }
}
