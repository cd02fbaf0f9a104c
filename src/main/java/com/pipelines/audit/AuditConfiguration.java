package com.pipelines.audit;

import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.pipelines.scheduling.ControlTask;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The audit filter wraps Spring Security (its order is -100) so that refused requests are recorded too. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

    static final int ORDER = -110;

    @Bean
    FilterRegistrationBean<AuditFilter> auditFilter(AuditLog audit) {
        FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(new AuditFilter(audit));
        registration.setOrder(ORDER);
        registration.addUrlPatterns("/api/*", "/v1/*");
        return registration;
    }

    /** Audit events past pipelines.audit.retention deleted, in batches, on one replica at a time. */
    @Bean
    ControlTask auditRetentionTask(AuditLog audit, AuditProperties properties) {
        return new ControlTask(Tasks.recurring("audit-retention", FixedDelay.of(properties.purgeEvery()))
                .execute((instance, context) -> audit.purge(properties.retention())));
    }
}
