package io.ftpscope.cli;

import io.ftpscope.output.StreamRecord;
import io.ftpscope.output.StreamsOutput;
import io.ftpscope.output.Summary;
import io.ftpscope.tcp.Connection;
import io.ftpscope.tcp.ConnectionListener;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `ftpscope streams`: every TCP connection as reassembled; the debugging view of the lower layers. */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "List every TCP connection: endpoints, state, bytes each way as reassembled, gaps, retransmissions.")
public final class StreamsCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    String format;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("json")) {
            main.err.println("ftpscope: unknown format '" + format + "' (use table or json)");
            return Main.UNUSABLE;
        }
        List<StreamRecord> rows = new ArrayList<>();
        ConnectionListener recorder = new ConnectionListener() {
            @Override
            public void onData(Connection c, boolean fromClient, long ts, byte[] b, int off, int len) {
            }

            @Override
            public void onClose(Connection c, long ts) {
                rows.add(StreamRecord.of(c));
            }
        };
        Pipeline p = new Pipeline(c -> recorder, input.reassemblyConfig());
        p.readFiles(input.files, input.filter);
        p.finish();
        rows.sort(Comparator.comparingLong(StreamRecord::id));
        PrintStream err = main.err;
        PrintStream out = main.out;
        int code = p.exitCode();
        if (code == Main.UNUSABLE) {
            p.inputs().forEach(i -> err.println("ftpscope: " + i.error()));
            return code;
        }
        if (format.equals("json")) {
            StreamsOutput.json(out, Main.version(), rows, p.inputs(), p.decoder().stats(), p.reassembler().stats());
        } else {
            StreamsOutput.table(out, rows);
            out.println();
            Summary.text(out, p.inputs(), p.decoder().stats(), p.reassembler().stats());
        }
        out.flush();
        p.inputs().stream().filter(i -> i.damaged()).forEach(i ->
                err.println("ftpscope: " + (i.error() != null ? i.error() : i.name() + ": " + i.damage())));
        return code;
    }
}
