package io.ftpscope.evidence;

import java.nio.file.Path;
import java.util.List;

/** Lets tests in other packages build the hostile capture. */
public final class HostileNamesTestAccess {
    private HostileNamesTestAccess() {
    }

    public static Path hostileCapture(Path file) throws Exception {
        return HostileNamesTest.hostileCapture(file);
    }

    public static List<String> names() {
        return HostileNamesTest.NAMES;
    }
}
