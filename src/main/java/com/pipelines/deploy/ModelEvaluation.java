package com.pipelines.deploy;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A registered version evaluated by an {@code evaluate-model} run: on which data, how well. */
@Entity
@Table(name = "model_evaluation")
class ModelEvaluation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "model_id")
    private String modelId;
    @Column(name = "run_id")
    private UUID runId;
    private String task;
    private String dataset;
    private int examples;
    private double accuracy;
    @Column(name = "log_loss")
    private double logLoss;
    @Column(name = "create_time")
    private Instant createTime;

    protected ModelEvaluation() {
    }

    ModelEvaluation(String modelId, ModelRegistry.Evaluation evaluation, Instant createTime) {
        this.modelId = modelId;
        this.runId = evaluation.runId();
        this.task = evaluation.task();
        this.dataset = evaluation.dataset();
        this.examples = evaluation.examples();
        this.accuracy = evaluation.accuracy();
        this.logLoss = evaluation.logLoss();
        this.createTime = createTime;
    }

    ModelRegistryController.EvaluationView view() {
        return new ModelRegistryController.EvaluationView(runId, task, dataset, examples, accuracy, logLoss,
                createTime);
    }
}
