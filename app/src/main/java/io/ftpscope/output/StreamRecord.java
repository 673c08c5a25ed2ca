package io.ftpscope.output;

import io.ftpscope.tcp.Connection;
import io.ftpscope.tcp.DirectionStats;

/** A finished connection as the `streams` command reports it. */
public record StreamRecord(long id, String clientIp, int clientPort, String serverIp, int serverPort, long start, long end,
                           String state, boolean synSeen, boolean midstream, long firstFrame,
                           DirectionStats toServer, DirectionStats toClient) {

    public static StreamRecord of(Connection c) {
        return new StreamRecord(c.id(), c.clientIp(), c.clientPort(), c.serverIp(), c.serverPort(), c.startTs(), c.lastTs(),
                c.state().label(), c.synSeen(), c.midstream(), c.firstFrame(), c.stats(true), c.stats(false));
    }
}
