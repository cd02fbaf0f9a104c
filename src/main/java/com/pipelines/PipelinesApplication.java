package com.pipelines;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PipelinesApplication {

    public static void main(String[] args) {
        SpringApplication.run(PipelinesApplication.class, args);
    }
}
