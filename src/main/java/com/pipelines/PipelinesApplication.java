package com.pipelines;

import com.pipelines.component.ComponentCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class PipelinesApplication {

    /** No arguments (or --options only): the server. A command first: one step, see {@link ComponentCommandLine}. */
    public static void main(String[] args) {
        if (ComponentCommandLine.isCommand(args)) {
            System.exit(ComponentCommandLine.run(args));
        }
        SpringApplication.run(PipelinesApplication.class, args);
    }
}
