package com.pipelines.training;

import java.io.IOException;


import com.pipelines.datasets.DatasetException;
import com.pipelines.datasets.DatasetRef;
import com.pipelines.datasets.Datasets;
import com.pipelines.datasets.PreparedDataset;
import com.pipelines.pipeline.StepContext;
import com.pipelines.pipeline.StepFailedException;
import org.springframework.stereotype.Component;

/**
 * Resolves a step's {@code dataset} parameter to an exact registered version. {@code mnist} and
 * {@code fashion-mnist} (without a version) are the built-ins: their IDX files are found (or downloaded) and
 * registered through the same IDX path as an upload — once; the same files again are the same version — so
 * training reads every dataset the same way.
 */
@Component
class TrainingData {

    private final Datasets datasets;
    private final DatasetRepository builtIns;

    TrainingData(Datasets datasets, DatasetRepository builtIns) {
        this.datasets = datasets;
        this.builtIns = builtIns;
    }

    DatasetRef resolve(String reference) throws com.pipelines.training.DatasetException {
        String name = reference == null ? "mnist" : reference;
        if (DatasetFiles.DATASETS.contains(name)) {
            try {
                return datasets.registerIdxFolder(name, builtIns.locate(name), ClassificationMetrics.classNames(name));
            } catch (com.pipelines.training.DatasetException missing) {
                return datasets.find(name).orElseThrow(() -> missing);
            } catch (IOException e) {
                throw new com.pipelines.training.DatasetException("Cannot register " + name + ": " + e.getMessage(), e);
            }
        }
        return datasets.find(name).orElseThrow(() -> new com.pipelines.training.DatasetException("No dataset '"
                + name + "' is registered (GET /api/v1/datasets lists them; register one with POST /api/v1/datasets)"));
    }

    /** The dataset of a running step: resolved, recorded as used by the run, loaded. */
    PreparedDataset load(StepContext context, String reference) {
        DatasetRef ref;
        try {
            ref = resolve(reference);
        } catch (com.pipelines.training.DatasetException e) {
            throw StepFailedException.permanent(e.getMessage(), e);
        } catch (DatasetException e) {
            throw StepFailedException.permanent(e.getMessage(), e);
        }
        if (!context.standalone()) {
            datasets.recordUsage(ref, context.runId(), context.taskName());
        }
        context.log("Dataset " + ref + " (digest " + ref.digest().substring(0, 12) + ")");
        return datasets.load(ref);
    }

    String digest(String reference) throws com.pipelines.training.DatasetException {
        return resolve(reference).digest();
    }

}
