package io.ftpscope.explain;

import io.ftpscope.session.FtpSession;
import java.util.List;

/**
 * One finished session's narrative on its own, as `ftpscope explain` prints it, for other views
 * (the terminal view's `e`). A fresh {@link Narrative} each time, so the "how active/passive mode
 * works" paragraphs are always included rather than only for the first session of a run.
 */
public final class Explanation {
    private Explanation() {
    }

    /** The narrative's lines (about 100 columns wide); call on the thread that owns the session. */
    public static List<String> of(FtpSession s) {
        return new Narrative().tell(s);
    }
}
