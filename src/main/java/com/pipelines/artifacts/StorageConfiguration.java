package com.pipelines.artifacts;

import java.util.List;

import com.google.cloud.storage.Storage;
import com.pipelines.PipelinesProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
class StorageConfiguration {

    @Bean
    ArtifactStorage artifactStorage(StorageProperties storage, PipelinesProperties pipelines,
                                    ObjectProvider<Storage> gcs) {
        return new ArtifactStorage(List.of(new S3ObjectStore(storage.s3()), new GcsObjectStore(gcs)),
                pipelines.resolvedPipelineRoot(), storage);
    }

    /** Checks the server's root at startup: a root it cannot use stops the service here, naming the property. */
    @Bean
    PipelineRoots pipelineRoots(PipelinesProperties pipelines, ArtifactStorage storage) {
        return new PipelineRoots(pipelines, storage);
    }
}
