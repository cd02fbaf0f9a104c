package com.pipelines.deploy;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VertexProperties.class)
class VertexConfiguration {

    @Bean
    VertexTransport vertexTransport(VertexProperties properties) {
        return VertexTransport.regional(properties);
    }
}
