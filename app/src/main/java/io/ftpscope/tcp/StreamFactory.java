package io.ftpscope.tcp;

/** Asked once per new connection whether anyone wants its bytes (in the style of gopacket's StreamFactory). */
@FunctionalInterface
public interface StreamFactory {
    /**
     * @return a listener, or null to only count the connection's bytes. The listener may be
     *         replaced later with {@link Connection#setListener}.
     */
    ConnectionListener newConnection(Connection c);
}
