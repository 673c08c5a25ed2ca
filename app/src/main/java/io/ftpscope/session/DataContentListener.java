package io.ftpscope.session;

/**
 * Receives the bytes of linked data connections (for hashing and extraction). Off by default: the
 * tracker calls it only when one is set, so counting-only runs pay nothing.
 */
public interface DataContentListener {
    /** In-order bytes; {@code fromFtpServer} is the FTP role, not the TCP one. Valid only during the call. */
    void onData(DataConn d, boolean fromFtpServer, byte[] b, int off, int len);

    /** Bytes the capture lost at this point of the stream. */
    void onGap(DataConn d, boolean fromFtpServer, long bytes);
}
