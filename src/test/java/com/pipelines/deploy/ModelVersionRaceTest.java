package com.pipelines.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.pipelines.testing.EngineTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Uploads of one display name racing from several workers each get their own version; none fails. */
@EngineTest
class ModelVersionRaceTest {

    @Autowired
    LocalEndpoints endpoints;

    @Test
    void concurrentUploadsOfOneNameGetDistinctVersions() throws Exception {
        String name = "race-" + UUID.randomUUID();
        int workers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<RegisteredModel>> uploads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            uploads.add(pool.submit(() -> {
                start.await();
                return endpoints.registerModel("race-project", "us-central1", name, "file:///tmp/m", "img",
                        UUID.randomUUID());
            }));
        }
        start.countDown();
        List<Integer> versions = new ArrayList<>();
        for (Future<RegisteredModel> upload : uploads) {
            versions.add(upload.get().versionId());
        }
        pool.shutdown();
        assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
    }
}
