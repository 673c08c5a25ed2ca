package io.ftpscope.capture;

/**
 * Lends a file reader the buffers it reads into, so that a consumer on another thread can use the
 * frames' bytes where they lie instead of copying them: the reader asks for a fresh buffer each time
 * it runs out of room, and never writes into one it has given back.
 */
public interface BufferLender {
    /**
     * The reader is done with {@code used} (an empty array the first time): every frame it will take
     * from there has been handed over. Returns the buffer to read on in, at least {@code min} bytes
     * long; the reader copies its unparsed tail to the start of it.
     */
    byte[] next(byte[] used, int min);
}
