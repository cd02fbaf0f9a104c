package com.pipelines.testing;

import java.io.IOException;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import com.pipelines.deploy.VertexProperties;
import com.pipelines.deploy.VertexTransport;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Google Cloud for the end-to-end tests: the real Vertex AI client talks to {@link FakeVertexAi} over an in-process
 * gRPC channel (after the production configuration has set the regional endpoint, which the fake records), and
 * the real Cloud Storage client works on google-cloud-nio's in-memory storage.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestCloud {

    @Bean(destroyMethod = "close")
    FakeVertexAi fakeVertexAi() throws IOException {
        return new FakeVertexAi();
    }

    @Bean
    @Primary
    VertexTransport fakeVertexTransport(FakeVertexAi fake, VertexProperties properties) {
        return routedTo(fake, properties);
    }

    /**
     * A region whose clients are the production ones, with Application Default Credentials: none exist on a test
     * machine, so building a client there fails as it does on a server nobody gave credentials.
     */
    public static final String REGION_WITHOUT_CREDENTIALS = "nocreds-west1";

    /** The production transport's settings, then the channel swapped for the fake's. */
    public static VertexTransport routedTo(FakeVertexAi fake, VertexProperties properties) {
        VertexTransport production = VertexTransport.regional(properties);
        return (settings, region) -> {
            production.configure(settings, region);
            if (REGION_WITHOUT_CREDENTIALS.equals(region)) {
                return;
            }
            fake.clientConfiguredFor(settings.getEndpoint());
            settings.setTransportChannelProvider(
                    FixedTransportChannelProvider.create(GrpcTransportChannel.create(fake.channel())));
            settings.setCredentialsProvider(NoCredentialsProvider.create());
        };
    }

    @Bean
    @Primary
    Storage inMemoryStorage() {
        return LocalStorageHelper.getOptions().getService();
    }
}
