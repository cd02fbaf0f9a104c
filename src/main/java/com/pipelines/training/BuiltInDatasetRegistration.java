package com.pipelines.training;

import java.nio.file.Path;

import com.pipelines.datasets.DatasetRef;
import com.pipelines.datasets.Datasets;
import com.pipelines.datasets.DatasetsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * With {@code pipelines.datasets.register-built-ins}, registers {@code mnist} and {@code fashion-mnist} in the
 * background at startup when their IDX files are on this machine (never downloading then), so they are listed with
 * their statistics before anyone trains on them; otherwise the first training registers them. Registering the same
 * files again finds the existing version.
 */
@Component
class BuiltInDatasetRegistration {

    private static final Logger log = LoggerFactory.getLogger(BuiltInDatasetRegistration.class);

    private final DatasetRepository files;
    private final org.springframework.beans.factory.ObjectProvider<Datasets> datasets;
    private final DatasetsProperties properties;

    BuiltInDatasetRegistration(DatasetRepository files, org.springframework.beans.factory.ObjectProvider<Datasets> datasets,
                               DatasetsProperties properties) {
        this.files = files;
        this.datasets = datasets;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerFound() {
        if (!properties.registerBuiltIns()) {
            return;
        }
        Thread thread = new Thread(() -> {
            for (String name : DatasetFiles.DATASETS) {
                Path folder = files.findLocal(name);
                if (folder == null) {
                    continue;
                }
                try {
                    DatasetRef ref = datasets.getObject().registerIdxFolder(name, folder, ClassificationMetrics.classNames(name));
                    log.info("Built-in dataset {} is {} (from {})", name, ref, folder);
                } catch (Exception e) {
                    log.warn("Could not register the built-in dataset {} from {}: {}", name, folder, e.toString());
                }
            }
        }, "register-built-in-datasets");
        thread.setDaemon(true);
        thread.start();
    }
}
