package io.ftpscope.evidence;

import io.ftpscope.session.DataConn;
import io.ftpscope.session.Transfer;
import io.ftpscope.tcp.ConnState;

/** Why a transfer's bytes are not the whole file (null when nothing says they are not). */
final class IncompleteReason {
    private IncompleteReason() {
    }

    static String of(Transfer t, DataConn d, long received, long gapBytes, long expected) {
        if (gapBytes > 0) {
            return gapBytes + " bytes missing from the capture";
        }
        if (received < expected) {
            // a connection linked late (its announcement arrived after it): its first bytes were not watched
            return (expected - received) + " bytes crossed before the connection was tied to the session";
        }
        if (t == null) {
            return "no transfer command was seen for this data connection";
        }
        String status = t.status();
        if (!status.equals("complete")) {
            return "transfer " + status + (t.finalReply() != null ? " (" + t.finalReply().reply().code() + ")" : "");
        }
        ConnState st = d.conn.state();
        if (st == ConnState.RESET || st == ConnState.OPEN || st == ConnState.TIMEOUT || st == ConnState.EVICTED) {
            return "data connection " + st.label() + " before a clean close";
        }
        if (t.rest == 0 && t.announcedSize >= 0 && "binary".equals(t.type) && received != t.announcedSize) {
            return "received " + received + " bytes, the 150 reply announced " + t.announcedSize;
        }
        return null;
    }
}
