package com.pipelines.training;

import java.util.LinkedHashMap;
import java.util.Map;

import com.pipelines.pipeline.StepContext;

/** Passes training progress and per-epoch metrics to the step context, and the run's cancel flag back. */
final class StepTrainingListener implements TrainingListener {

    private final StepContext context;
    private final int epochs;

    StepTrainingListener(StepContext context, int epochs) {
        this.context = context;
        this.epochs = epochs;
    }

    @Override
    public void onProgress(int epoch, int step, int stepsPerEpoch, double samplesPerSecond, double etaSeconds) {
        long totalSteps = (long) epochs * stepsPerEpoch;
        long doneSteps = (long) (epoch - 1) * stepsPerEpoch + step;
        double fraction = (double) doneSteps / totalSteps;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("epoch", epoch);
        details.put("epochs", epochs);
        details.put("batch", step);
        details.put("batches", stepsPerEpoch);
        details.put("samplesPerSecond", Math.round(samplesPerSecond));
        details.put("etaSeconds", Math.round(etaSeconds * 10) / 10.0);
        context.reportProgress(fraction, "Epoch " + epoch + "/" + epochs + ", batch " + step + "/" + stepsPerEpoch,
                details);
    }

    @Override
    public void onEpochEnd(TrainedModel.EpochMetrics metrics) {
        int epoch = metrics.epoch();
        context.logMetric("loss", metrics.loss(), epoch);
        context.logMetric("acc", metrics.accuracy() * 100, epoch);
        String line = String.format("Epoch %d/%d - loss: %.4f - acc: %.4f", epoch, epochs, metrics.loss(),
                metrics.accuracy());
        if (metrics.validationLoss() != null) {
            context.logMetric("val_loss", metrics.validationLoss(), epoch);
            context.logMetric("val_acc", metrics.validationAccuracy() * 100, epoch);
            line += String.format(" - val_loss: %.4f - val_acc: %.4f", metrics.validationLoss(),
                    metrics.validationAccuracy());
        }
        context.log(line);
    }

    @Override
    public void onEarlyStop(int epoch, int bestEpoch) {
        context.log("Early stopping after epoch " + epoch + ": val_loss has not improved since epoch " + bestEpoch
                + "; keeping that epoch's weights");
    }

    @Override
    public boolean stopRequested() {
        return context.isCancelRequested();
    }
}
