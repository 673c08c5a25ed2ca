package io.ftpscope.cli;

import io.ftpscope.diagnose.DiagnoseConfig;
import picocli.CommandLine.Option;

/** Thresholds of the diagnostics that count across sessions; shared by read and explain. */
public final class DiagnoseOptions {
    @Option(names = "--brute-force-threshold", paramLabel = "N", defaultValue = "20",
            description = "failed logins from one client within the window that raise brute-force (default: ${DEFAULT-VALUE}, as Zeek)")
    int bruteForceThreshold;

    @Option(names = "--brute-force-window", paramLabel = "SECONDS", defaultValue = "900",
            description = "the brute-force counting window (default: ${DEFAULT-VALUE})")
    double bruteForceWindow;

    DiagnoseConfig config() {
        return DiagnoseConfig.defaults().withBruteForceThreshold(bruteForceThreshold).withBruteForceWindowSeconds(bruteForceWindow);
    }
}
