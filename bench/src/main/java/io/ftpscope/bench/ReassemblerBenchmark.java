package io.ftpscope.bench;

import io.ftpscope.net.TcpSegment;
import io.ftpscope.tcp.Connection;
import io.ftpscope.tcp.ConnectionListener;
import io.ftpscope.tcp.ReassemblyConfig;
import io.ftpscope.tcp.TcpReassembler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Segments per second through the reassembler: in order, and with every 8th pair swapped. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ReassemblerBenchmark {
    static final int SEGMENTS = 10_000;
    @Param({"1", "1000"})
    int connections;
    @Param({"false", "true"})
    boolean reorder;
    private final byte[] payload = new byte[1460];
    private long delivered;
    private int round;

    @Setup
    public void setup() {
        round = 0;
    }

    @Benchmark
    @OperationsPerInvocation(SEGMENTS)
    public long segments() {
        TcpReassembler r = new TcpReassembler(c -> new ConnectionListener() {
            @Override
            public void onData(Connection conn, boolean fromClient, long ts, byte[] b, int off, int len) {
                delivered += len;
            }
        }, ReassemblyConfig.defaults());
        TcpSegment s = new TcpSegment();
        s.buf = payload;
        s.ipVersion = 4;
        int per = SEGMENTS / connections;
        long ts = 1_000_000_000L * (++round);
        for (int c = 0; c < connections; c++) {
            s.srcLo = 0x0A000002L;
            s.dstLo = 0x0A000001L + c;
            s.srcPort = 40000;
            s.dstPort = 50000 + c;
            for (int i = 0; i < per; i++) {
                int k = reorder && i % 8 == 0 && i + 1 < per ? i + 1 : reorder && i % 8 == 1 ? i - 1 : i;
                s.tsNanos = ts++;
                s.seq = 1000 + k * 1460;
                s.ack = 1;
                s.flags = TcpSegment.ACK;
                s.payloadOff = 0;
                s.payloadLen = 1460;
                s.payloadMissing = 0;
                s.frameNo = i;
                r.process(s);
            }
        }
        r.flushAll();
        return delivered;
    }
}
