package com.pipelines.serving;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ServingProperties.class, MonitoringProperties.class})
class ServingConfiguration {
}
