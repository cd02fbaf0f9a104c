package com.pipelines;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class PipelinesApplication {

    public static void main(String[] args) {
        SpringApplication.run(PipelinesApplication.class, args);
    }
}
