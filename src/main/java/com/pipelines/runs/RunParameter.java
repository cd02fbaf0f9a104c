package com.pipelines.runs;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One parameter value of a run, as a row, so that runs can be searched by parameter in the database. */
@Entity
@Table(name = "run_parameter")
public class RunParameter {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "run_id", nullable = false)
    private UUID runId;

    @Column(nullable = false, length = 128)
    private String name;

    @Column(name = "number_value")
    private Double numberValue;

    @Column(name = "text_value", length = 1024)
    private String textValue;

    protected RunParameter() {
    }

    RunParameter(UUID runId, String name, Object value) {
        this.runId = runId;
        this.name = name;
        if (value instanceof Number number) {
            this.numberValue = number.doubleValue();
        } else {
            this.textValue = String.valueOf(value);
        }
    }
}
