package io.ftpscope.tcp;

/**
 * Receives one connection's reassembled bytes, in order, per direction. Bytes are only valid during
 * the call: copy what you keep. Loss is data: {@link #onGap} says how many bytes the capture missed
 * at that point, so a parser can resynchronise.
 */
public interface ConnectionListener {
    void onData(Connection c, boolean fromClient, long ts, byte[] b, int off, int len);

    /**
     * False for a listener that only needs to know that bytes went by (the reassembler counts
     * them): {@link #onData} is then not called, which on a data connection is a call per segment
     * saved. Asked once, when the listener is set.
     */
    default boolean wantsBytes() {
        return true;
    }

    default void onGap(Connection c, boolean fromClient, long ts, long bytes) {
    }

    /** This direction has ended (its FIN was reached, or the connection was reset or flushed). */
    default void onEnd(Connection c, boolean fromClient, long ts) {
    }

    /** Called once when the connection leaves the table; {@link Connection#state()} says why. */
    default void onClose(Connection c, long ts) {
    }
}
