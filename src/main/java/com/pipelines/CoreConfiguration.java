package com.pipelines;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PipelinesProperties.class)
class CoreConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
