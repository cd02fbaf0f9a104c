package com.pipelines.artifacts;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

@Configuration(proxyBeanMethods = false)
class GcsConfiguration {

    /** Cloud Storage with Application Default Credentials; built on first use, so offline runs never touch it. */
    @Bean
    @Lazy
    Storage storage() {
        return StorageOptions.getDefaultInstance().getService();
    }
}
