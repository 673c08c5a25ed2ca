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

    @Option(names = "--max-connections", paramLabel = "N",
            description = "most TCP connections tracked at once; the longest idle is closed first "
                    + "(default: 200000, fewer when the Java heap is small: one per 2.5 KiB of -Xmx)")
    Integer maxConnections;

    @Option(names = "--max-buffer", paramLabel = "BYTES", defaultValue = "4194304",
            description = "out-of-order bytes buffered per direction before a hole is given up (default: ${DEFAULT-VALUE})")
    long maxBuffer;

    @Option(names = "--max-buffer-total", paramLabel = "BYTES",
            description = "out-of-order bytes buffered over all connections (default: 268435456, or a quarter of -Xmx if less)")
    Long maxBufferTotal;

    /** Heap allowed per tracked connection: a half-open FTP control connection needs ~1.4 KiB, a busy session more. */
    static final long HEAP_PER_CONNECTION = 2560;

    ReassemblyConfig reassemblyConfig() {
        return reassemblyConfig(Runtime.getRuntime().maxMemory());
    }

    /** Caps not given on the command line shrink with the heap, so that a flood meets a cap before it meets -Xmx. */
    ReassemblyConfig reassemblyConfig(long maxHeap) {
        ReassemblyConfig d = ReassemblyConfig.defaults();
        int conns = maxConnections != null ? maxConnections : (int) Math.min(d.maxConnections(), maxHeap / HEAP_PER_CONNECTION);
        long total = maxBufferTotal != null ? maxBufferTotal : Math.min(d.maxBufferedTotal(), maxHeap / 4);
        return d.withIdleTimeoutSeconds(idleTimeout).withMaxConnections(Math.max(1, conns)).withBuffers(maxBuffer, total);
    }
}
