package com.pipelines.training;

import java.io.IOException;


import com.pipelines.datasets.DatasetException;
import com.pipelines.datasets.DatasetRef;
import com.pipelines.datasets.Datasets;
import com.pipelines.datasets.LocalDatasets;
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

    private final org.springframework.beans.factory.ObjectProvider<Datasets> registry;
    private final DatasetRepository builtIns;

    TrainingData(org.springframework.beans.factory.ObjectProvider<Datasets> registry, DatasetRepository builtIns) {
        this.registry = registry;
        this.builtIns = builtIns;
    }

    DatasetRef resolve(String reference) throws com.pipelines.training.DatasetException {
        String name = reference == null ? "mnist" : reference;
        if (DatasetFiles.DATASETS.contains(name)) {
            try {
                return registry.getObject().registerIdxFolder(name, builtIns.locate(name), ClassificationMetrics.classNames(name));
            } catch (com.pipelines.training.DatasetException missing) {
                return registry.getObject().find(name).orElseThrow(() -> missing);
            } catch (IOException e) {
                throw new com.pipelines.training.DatasetException("Cannot register " + name + ": " + e.getMessage(), e);
            }
        }
        return registry.getObject().find(name).orElseThrow(() -> new com.pipelines.training.DatasetException("No dataset '"
                + name + "' is registered (GET /api/v1/datasets lists them; register one with POST /api/v1/datasets)"));
    }

    /** The dataset of a running step: resolved, recorded as used by the run, loaded. */
    PreparedDataset load(StepContext context, String reference) {
        if (context.standalone()) {
            return loadWithoutRegistry(context, reference);
        }
        DatasetRef ref;
        try {
            ref = resolve(reference);
        } catch (com.pipelines.training.DatasetException e) {
            throw StepFailedException.permanent(e.getMessage(), e);
        } catch (DatasetException e) {
            throw StepFailedException.permanent(e.getMessage(), e);
        }
        if (!context.standalone()) {
            registry.getObject().recordUsage(ref, context.runId(), context.taskName());
        }
        context.log("Dataset " + ref + " (digest " + ref.digest().substring(0, 12) + ")");
        return registry.getObject().load(ref);
    }

    /** The command-line mode has no database: only the built-ins, read from their IDX files. */
    private PreparedDataset loadWithoutRegistry(StepContext context, String reference) {
        if (!DatasetFiles.DATASETS.contains(reference)) {
            throw StepFailedException.permanent("As a command-line component this step reads only the built-in "
                    + "datasets " + DatasetFiles.DATASETS + "; run it in the service to train on '" + reference + "'");
        }
        try {
            PreparedDataset data = LocalDatasets.idxFolder(reference, builtIns.locate(reference),
                    ClassificationMetrics.classNames(reference));
            context.log("Dataset " + reference + " (digest " + data.ref().digest().substring(0, 12) + ")");
            return data;
        } catch (com.pipelines.training.DatasetException e) {
            throw StepFailedException.permanent(e.getMessage(), e);
        } catch (DatasetException e) {
            throw StepFailedException.permanent(e.getMessage(), e);
        } catch (IOException e) {
            throw StepFailedException.permanent("Cannot read " + reference + ": " + e.getMessage(), e);
        }
    }

    String digest(String reference) throws com.pipelines.training.DatasetException {
        return resolve(reference).digest();
    }

}
