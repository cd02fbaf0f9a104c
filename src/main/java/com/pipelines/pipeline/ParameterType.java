package com.pipelines.pipeline;

/**
 * Parameter types as KFP names them in a PipelineSpec (LIST: a JSON array, e.g. the items of a loop; STRUCT: a JSON
 * object, a Python {@code dict}).
 */
public enum ParameterType {
    NUMBER_INTEGER, NUMBER_DOUBLE, STRING, BOOLEAN, LIST, STRUCT
}
