package com.pipelines.component;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import com.pipelines.PipelinesApplication;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Command-line mode: {@code java -jar app.jar <command> --option value ...} runs one pipeline step outside the
 * server, as a pipeline component container does (the KFP spec this service compiles calls it so). No web server,
 * no database, no scheduler: profile {@code component} leaves them out, and the step's own beans are the only ones
 * created. Exit codes tell a pipeline engine what happened.
 */
public final class ComponentCommandLine {

    public static final int SUCCEEDED = 0;
    /** The step failed and running it again will not help (bad data, permission denied, ...). */
    public static final int FAILED = 1;
    /** Unknown command or option, missing or invalid value (sysexits EX_USAGE). */
    public static final int USAGE = 64;
    /** The step failed for a reason that may pass (unavailable service, timeout): retrying may help (EX_TEMPFAIL). */
    public static final int RETRYABLE = 75;

    private ComponentCommandLine() {
    }

    /** Whether these arguments ask for command-line mode: a first argument that is a command, not an option. */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && !args[0].startsWith("-");
    }

    public static int run(String[] args) {
        return run(args, List.of(), System.out, System.err);
    }

    /**
     * Runs the command. Spring arguments ({@code --pipelines.data-dir=...}) configure the application; extra
     * configuration classes may replace beans (the tests' fake clouds).
     */
    public static int run(String[] args, List<String> springArguments, PrintStream out, PrintStream err,
                          Class<?>... extraSources) {
        String command = args[0];
        List<String> options = Arrays.asList(args).subList(1, args.length);
        SpringApplicationBuilder builder = new SpringApplicationBuilder(PipelinesApplication.class)
                .sources(extraSources)
                .web(WebApplicationType.NONE)
                .profiles("component")
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false);
        try (ConfigurableApplicationContext context = builder.run(springArguments.toArray(String[]::new))) {
            return context.getBean(ComponentRunner.class).run(command, options, out, err);
        }
    }
}
