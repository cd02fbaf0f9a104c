package com.pipelines.pipeline;

/** Parameter types as KFP names them in a PipelineSpec. */
public enum ParameterType {
    NUMBER_INTEGER, NUMBER_DOUBLE, STRING, BOOLEAN
}
