package com.pipelines;

import com.pipelines.component.ComponentCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class PipelinesApplication {

    /** Without arguments (or with --options only): the server. With a command first: one step, see ComponentCommandLine. */
    public static void main(String[] args) {
        if (ComponentCommandLine.isCommand(args)) {
            System.exit(ComponentCommandLine.run(args));
        }
        SpringApplication.run(PipelinesApplication.class, args);
    }
}
