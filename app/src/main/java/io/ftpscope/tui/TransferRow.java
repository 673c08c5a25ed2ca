package io.ftpscope.tui;

/**
 * A transfer as the UI shows it, copied on the capture thread at publication: bytes so far are a
 * value here, never a read of the reassembler's counters from the UI thread.
 *
 * @param announced size from the 150 reply "(N bytes)" or an earlier SIZE, -1 when unknown
 * @param rateBps   bytes per second: recent rate while running, average once finished
 */
public record TransferRow(String what, String direction, String mode, String ports, long bytes, long announced,
                          long rateBps, String status, boolean running, long startTs) {

    /** Percent of the announced size, or -1 when there is nothing to compare with. */
    public int percent() {
        if (announced <= 0) {
            return -1;
        }
        return (int) Math.min(100, bytes * 100 / announced);
    }
}
