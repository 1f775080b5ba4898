package org.assocnet.cli;

import org.assocnet.core.UserException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * assocnet: per-variant association statistics for case/control cohorts from a logistic GLM and a neural
 * network side by side. Exit codes: 0 success, 2 bad input or options, 1 a bug (stack trace with --verbose).
 */
@Command(
        name = "assocnet",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "GLM and neural-network association statistics for case/control GWAS.")
public final class Main implements Callable<Integer> {
    /**
     * The subcommands, in the order of the usage text. Only the one named on the command line is built (picocli
     * reads every option of every command it is given: ~0.1 s of each start for the eight of them); help and
     * usage get all.
     */
    static final java.util.Map<String, java.util.function.Supplier<Object>> COMMANDS = new java.util.LinkedHashMap<>();

    static {
        COMMANDS.put("simulate", SimulateCommand::new);
        COMMANDS.put("encode", EncodeCommand::new);
        COMMANDS.put("glm", GlmCommand::new);
        COMMANDS.put("epistasis", EpistasisCommand::new);
        COMMANDS.put("train", TrainCommand::new);
        COMMANDS.put("attribute", AttributeCommand::new);
        COMMANDS.put("merge", MergeCommand::new);
        COMMANDS.put("report", ReportCommand::new);
    }

    public static final int EXIT_OK = 0;
    public static final int EXIT_BUG = 1;
    public static final int EXIT_USER = 2;
    /**
     * More memory needed: the Java heap ran out, or a memory check refused the input ({@code core.MemoryLimitException}).
     * The pipeline retries such a task with more memory.
     */
    public static final int EXIT_MEMORY = 3;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces for internal errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return EXIT_USER;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (used by tests, never calls System.exit). */
    public static int run(String... args) {
        try {
            return execute(args);
        } catch (OutOfMemoryError oom) {
            String sub = args.length > 0 && !args[0].startsWith("-") ? args[0] : "";
            return outOfMemory(sub, oom, java.util.Arrays.asList(args).contains("--verbose"));
        }
    }

    private static int execute(String... args) {
        Main main = new Main();
        CommandLine cl = commandLine(main, args);
        cl.setErr(new PrintWriter(System.err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            boolean verbose = main.verbose;
            Throwable t = ex;
            for (Throwable c = ex; c != null; c = c.getCause()) {
                if (c instanceof OutOfMemoryError oom) return outOfMemory(cmd.getCommandName(), oom, verbose);
            }
            String user = Errors.userMessage(ex, cmd);
            if (user != null) {
                System.err.println("assocnet " + cmd.getCommandName() + ": error: " + user);
                if (verbose) t.printStackTrace();
                return ex instanceof org.assocnet.core.MemoryLimitException ? EXIT_MEMORY : EXIT_USER;
            }
            System.err.println("assocnet " + cmd.getCommandName() + ": internal error: " + t
                    + (verbose ? "" : " (rerun with --verbose for a stack trace)"));
            if (verbose) t.printStackTrace();
            return EXIT_BUG;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("assocnet: " + ex.getMessage());
            System.err.println("Try 'assocnet " + (ex.getCommandLine().getCommandName().equals("assocnet") ? "" : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            return EXIT_USER;
        });
        return cl.execute(args);
    }

    /** The command line with the one subcommand that args name, or with all of them (help, usage, no args). */
    public static CommandLine commandLine(Main main, String... args) {
        CommandLine cl = new CommandLine(main);
        String named = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                named = a;
                break;
            }
        }
        if (named != null && COMMANDS.containsKey(named)) {
            cl.addSubcommand(COMMANDS.get(named).get());
        } else {
            cl.addSubcommand(new CommandLine.HelpCommand());
            for (java.util.function.Supplier<Object> c : COMMANDS.values()) cl.addSubcommand(c.get());
        }
        return cl;
    }

    /** One line for a full Java heap, and {@link #EXIT_MEMORY} (the pipeline retries such a task with more memory). */
    private static int outOfMemory(String stage, OutOfMemoryError oom, boolean verbose) {
        System.err.println("assocnet" + (stage.isEmpty() ? "" : " " + stage) + ": error: out of memory (" + oom.getMessage()
                + ", Java heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB): raise ASSOCNET_HEAP, use fewer --threads,"
                + " or split the input into smaller chunks");
        if (verbose) oom.printStackTrace();
        return EXIT_MEMORY;
    }
}
