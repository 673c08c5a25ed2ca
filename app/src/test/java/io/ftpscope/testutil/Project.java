package io.ftpscope.testutil;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository (set by the parent pom, never the working directory) and runs the CLI in-process. */
public final class Project {
    private Project() {
    }

    public static Path root() {
        String r = System.getProperty("ftpscope.root");
        assertTrue(r != null && !r.isBlank(), "system property ftpscope.root is not set: run the tests through Maven from the repository");
        return Path.of(r).toAbsolutePath().normalize();
    }

    public static Path captures() {
        Path p = root().resolve("captures");
        assertTrue(Files.isDirectory(p), "missing " + p);
        return p;
    }

    /** ../shared next to the repository; CI always has it, so its absence is a failure. */
    public static Path shared() {
        Path p = root().getParent().resolve("shared");
        assertTrue(Files.isDirectory(p.resolve("corpus")), "missing shared corpus at " + p + " (it must sit beside the repository)");
        return p;
    }

    /** The result of one in-process run. */
    public record Run(int code, String out, String err) {
    }

    public static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
             PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, po, pe);
        }
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}
