package io.ftpscope.tcp;

/** Sees each raw TCP frame with the connection it was filed under (session pcaps); only installed when asked for. */
@FunctionalInterface
public interface FrameTap {
    void onFrame(int linkType, long tsNanos, byte[] buf, int off, int capLen, int origLen, Connection c);
}
