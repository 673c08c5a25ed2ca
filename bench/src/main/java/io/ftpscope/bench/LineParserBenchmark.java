package io.ftpscope.bench;

import io.ftpscope.ftp.CommandParser;
import io.ftpscope.ftp.LineFramer;
import io.ftpscope.ftp.ReplyAssembler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** The control-channel parser: bytes of a typical session → lines → commands and replies. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class LineParserBenchmark {
    private final byte[] client = ("USER alice\r\nPASS secret\r\nSYST\r\nTYPE I\r\nPASV\r\nRETR some/dir/file-0001.bin\r\n"
            + "EPSV\r\nLIST\r\nPORT 10,0,0,1,195,80\r\nSTOR upload.bin\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII);
    private final byte[] server = ("220 (vsFTPd 3.0.3)\r\n331 Please specify the password.\r\n230 Login successful.\r\n"
            + "215 UNIX Type: L8\r\n200 Switching to Binary mode.\r\n227 Entering Passive Mode (10,0,0,2,156,81).\r\n"
            + "150 Opening BINARY mode data connection for file (3000000 bytes).\r\n226 Transfer complete.\r\n"
            + "211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n211 End\r\n221 Goodbye.\r\n").getBytes(StandardCharsets.US_ASCII);

    /** Client lines framed and parsed into commands; returns lines per call via the blackhole. */
    @Benchmark
    public void commands(Blackhole bh) {
        LineFramer f = new LineFramer(4096, (text, ts, flags) -> bh.consume(CommandParser.parse(text, false)));
        f.feed(0, client, 0, client.length);
    }

    @Benchmark
    public void replies(Blackhole bh) {
        ReplyAssembler a = new ReplyAssembler((r, ts) -> bh.consume(r), 1000);
        LineFramer f = new LineFramer(4096, (text, ts, flags) -> a.line(text, ts, false));
        f.feed(0, server, 0, server.length);
    }
}
