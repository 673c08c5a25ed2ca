package io.ftpscope.tcp;

/** How a connection ended (or where it stood when the capture ended). */
public enum ConnState {
    /** Only the initiator's SYN was seen: nobody answered. */
    SYN_ONLY("syn-only"),
    /** The responder answered the SYN with RST. */
    REFUSED("refused"),
    OPEN("open"),
    /** One side sent FIN, the other had not when the capture ended. */
    HALF_CLOSED("half-closed"),
    CLOSED("closed"),
    RESET("reset"),
    /** Removed after the idle timeout. */
    TIMEOUT("timeout"),
    /** Removed because the connection table was full. */
    EVICTED("evicted");

    private final String label;

    ConnState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
