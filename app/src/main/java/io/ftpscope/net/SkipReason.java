package io.ftpscope.net;

/** Why a frame did not yield a TCP segment. Every frame read is either decoded or counted here. */
public enum SkipReason {
    UNKNOWN_LINK_TYPE("unknown link type"),
    NON_IP("not IP"),
    NON_TCP("not TCP"),
    TRUNCATED("headers cut by snaplen"),
    MALFORMED("malformed header"),
    FRAGMENT_HELD("IP fragment (held for reassembly)"),
    FRAGMENT_REASSEMBLED("IP fragment (merged into a datagram decoded at its last fragment)"),
    FRAGMENT_DROPPED("IP fragment (dropped: cap, timeout or inconsistent)");

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
