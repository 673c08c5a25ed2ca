package io.ftpscope.output;

import io.ftpscope.capture.InputReport;
import io.ftpscope.net.DecodeStats;
import io.ftpscope.session.SessionStats;
import io.ftpscope.tcp.ReassemblyStats;
import java.util.List;

/** Everything counted during a run, handed to outputs at the end. */
public record RunTotals(List<InputReport> inputs, DecodeStats decode, ReassemblyStats tcp, SessionStats ftp) {
}
