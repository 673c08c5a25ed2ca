package io.ftpscope.cli;

import io.ftpscope.session.SessionConfig;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** FTP-layer options shared by `read` and `live`. */
public final class SessionOptions {
    @Option(names = "--show-passwords", description = "print PASS arguments instead of ****")
    boolean showPasswords;

    @Option(names = "--ports", paramLabel = "PORT", split = ",",
            description = "TCP ports that carry FTP control connections (default: 21); FTP on other ports is still found by content")
    List<Integer> ports;

    @Option(names = "--no-detect", description = "do not look for FTP by content on other ports")
    boolean noDetect;

    @Option(names = "--expect-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "how long an announced data connection (PORT/PASV/...) is awaited (default: ${DEFAULT-VALUE})")
    double expectTimeout;

    @Option(names = "--max-line", paramLabel = "BYTES", defaultValue = "4096",
            description = "longest control line kept; longer ones are cut and reported (default: ${DEFAULT-VALUE})")
    int maxLine;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "100000",
            description = "most FTP sessions tracked at once; control connections past it are counted in sessions_dropped (default: ${DEFAULT-VALUE})")
    int maxSessions;

    SessionConfig sessionConfig() {
        SessionConfig cfg = SessionConfig.defaults().withExpectationTimeoutSeconds(expectTimeout).withMaxLine(Math.max(64, maxLine))
                .withMaxSessions(Math.max(1, maxSessions));
        if (ports != null && !ports.isEmpty()) {
            cfg = cfg.withPorts(new LinkedHashSet<>(ports));
        }
        if (noDetect) {
            cfg = new SessionConfig(cfg.controlPorts(), cfg.implicitTlsPorts(), false, cfg.maxLine(), cfg.maxReplyLines(),
                    cfg.maxPendingCommands(), cfg.maxCommandsPerSession(), cfg.maxTransfersPerSession(),
                    cfg.maxExpectationsPerSession(), cfg.maxExpectationsTotal(), cfg.expectationTimeoutNanos(),
                    cfg.maxHeldConnections(), cfg.holdTimeoutNanos(), cfg.maxSessions(), cfg.maxUnlinkedReported());
        }
        return cfg;
    }
}
