package com.pipelines.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI pipelinesOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Pipelines service")
                .version("v1")
                .description("Run the simple MNIST pipeline (train with TensorFlow, log metrics, deploy) over HTTP. "
                        + "Errors are RFC 9457 problem details; 'errors' names each field at fault.")
                .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API key from pipelines.security.keys, as Authorization: Bearer <key> "
                                + "(or X-API-Key). Needed when the operator configured keys.")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    @Bean
    OpenApiCustomizer openApiContract() {
        return new OpenApiContract();
    }
}
