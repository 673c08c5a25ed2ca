package io.ftpscope.cli;

import io.ftpscope.tcp.ReassemblyConfig;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Options shared by every command that reads captures. */
public final class InputOptions {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "pcap, pcapng or gzip-compressed capture files; - reads standard input")
    List<String> files;

    @Option(names = {"-f", "--filter"}, paramLabel = "BPF", description = "BPF filter (uses libpcap), e.g. 'host 10.0.0.2'")
    String filter;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "close TCP connections idle this long, in packet time (default: ${DEFAULT-VALUE})")
    double idleTimeout;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "200000",
            description = "most TCP connections tracked at once; the longest idle is closed first (default: ${DEFAULT-VALUE})")
    int maxConnections;

    @Option(names = "--max-buffer", paramLabel = "BYTES", defaultValue = "4194304",
            description = "out-of-order bytes buffered per direction before a hole is given up (default: ${DEFAULT-VALUE})")
    long maxBuffer;

    @Option(names = "--max-buffer-total", paramLabel = "BYTES", defaultValue = "268435456",
            description = "out-of-order bytes buffered over all connections (default: ${DEFAULT-VALUE})")
    long maxBufferTotal;

    ReassemblyConfig reassemblyConfig() {
        return ReassemblyConfig.defaults().withIdleTimeoutSeconds(idleTimeout).withMaxConnections(Math.max(1, maxConnections))
                .withBuffers(maxBuffer, maxBufferTotal);
    }
}
