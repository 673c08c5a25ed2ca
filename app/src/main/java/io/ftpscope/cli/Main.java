package io.ftpscope.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: `ftpscope COMMAND ...`. Exit codes: 0 fine, 1 input damaged (results printed), 2 nothing read or bad usage. */
@Command(name = "ftpscope", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Passive FTP protocol analyzer: reads captures or live traffic and explains the FTP sessions in it.")
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int DAMAGED = 1;
    public static final int UNUSABLE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where commands write; byte streams so that JSON and text share one path. */
    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (try: ftpscope streams FILE)");
    }

    /**
     * The commands, in the order help lists them. picocli reads every option annotation of every
     * command it is given, which was half of the start-up time; a run that names its command is given
     * only that one (help and errors at the top level still see them all).
     */
    private static final List<String> COMMANDS = List.of("read", "explain", "live", "streams", "report", "help");

    private static Object command(String name) {
        // a switch, not a map of constructor references: each lambda is spun at first use
        switch (name) {
            case "read": return new ReadCommand();
            case "explain": return new ExplainCommand();
            case "live": return new LiveCommand();
            case "streams": return new StreamsCommand();
            case "report": return new ReportCommand();
            default: return new CommandLine.HelpCommand();
        }
    }

    /** The command this command line names, when picocli needs to know no other; null for help and errors. */
    private static String named(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]) && !"help".equals(args[0]) ? args[0] : null;
    }

    public static void main(String[] args) {
        prepareOnTheOtherCore(args);
        // System.out flushes every line through a 128-byte buffer: one write() per output line cost
        // more than the analysis on big captures. Sinks that must be prompt (live, JSONL) flush.
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false);
        int code = run(args, out, System.err);
        out.flush();
        io.ftpscope.session.ThreadTimes.report();
        System.exit(code);
    }

    /**
     * picocli reads the option annotations of the command it builds by reflection, one field at a
     * time, and this is most of the start-up time. Reflection parses a class's annotations once and
     * keeps them, so a helper thread parses those of the named command and its mixins while the main
     * thread builds picocli's parser; the main thread then finds them parsed.
     */
    private static void prepareOnTheOtherCore(String[] args) {
        String name = named(args);
        if (name == null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                Class<?> c = command(name).getClass();
                for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                    f.getAnnotations();
                    if (f.isAnnotationPresent(CommandLine.Mixin.class)) {
                        for (java.lang.reflect.Field m : f.getType().getDeclaredFields()) {
                            m.getAnnotations();
                        }
                    }
                }
                for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                    m.getAnnotations();
                }
            } catch (RuntimeException | LinkageError ignored) {
                // only a head start: the main thread does all of this itself when it must
            }
        }, "ftpscope-prepare");
        t.setDaemon(true);
        t.start();
    }

    /** Runs the command line with the given streams; used by tests to check messages and exit codes. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Main main = new Main();
        main.out = out;
        main.err = err;
        CommandLine cl = new CommandLine(main);
        String name = named(args);
        if (name != null) {
            cl.addSubcommand(name, command(name));
        } else {
            for (String each : COMMANDS) {
                cl.addSubcommand(each, command(each));
            }
        }
        cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        Failures failures = new Failures();
        cl.setExitCodeExceptionMapper(failures);
        cl.getCommandSpec().exitCodeOnInvalidInput(UNUSABLE);
        cl.setExecutionExceptionHandler(failures);
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("ftpscope: out of memory (Java heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB): raise it (FTPSCOPE_HEAP=2g with ./ftpscope, or java -Xmx2g) or lower --max-connections / --max-sessions / --max-buffer-total");
            err.flush();
            return UNUSABLE;
        } catch (StackOverflowError | InternalError e) {
            err.println("ftpscope: internal error: " + e + " (please report it with the capture that caused it)");
            err.flush();
            return UNUSABLE;
        }
    }

    /**
     * A failed command exits with UNUSABLE and says in one line what went wrong, never with a stack
     * trace. A named class, not two lambdas: picocli's interfaces predate Java 6, and the class-data
     * archive leaves out such an interface once a lambda has made it be linked, which made every run
     * open the 19 MB jar to load it.
     */
    private static final class Failures implements CommandLine.IExitCodeExceptionMapper, CommandLine.IExecutionExceptionHandler {
        @Override
        public int getExitCode(Throwable t) {
            return UNUSABLE;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parse) {
            cmd.getErr().println("ftpscope: internal error: " + ex + " (please report it with the capture that caused it)");
            if (System.getenv("FTPSCOPE_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return UNUSABLE;
        }
    }

    public static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/io/ftpscope/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (java.io.IOException e) {
            return "dev";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ftpscope " + version(), "Java " + System.getProperty("java.version")};
        }
    }
}
