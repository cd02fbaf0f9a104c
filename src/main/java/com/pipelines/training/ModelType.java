package com.pipelines.training;

/**
 * The model families a run can ask for. {@code linear} keeps the seed's meaning (its Keras {@code LinearModel}:
 * Flatten → Dense 128 relu → Dense softmax); {@code hiddenUnits} changes its hidden layers, and {@code []} makes it
 * plain softmax regression. {@code mlp} is the same family with dropout; {@code cnn} is for image datasets.
 */
enum ModelType {

    LINEAR("linear", "LinearModel"),
    MLP("mlp", "MLPModel"),
    CNN("cnn", "CNNModel");

    private final String parameterValue;
    private final String displayName;

    ModelType(String parameterValue, String displayName) {
        this.parameterValue = parameterValue;
        this.displayName = displayName;
    }

    static ModelType fromParameter(String value) {
        for (ModelType type : values()) {
            if (type.parameterValue.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown model type " + value + "; one of linear, mlp, cnn");
    }

    String parameterValue() {
        return parameterValue;
    }

    /** The seed's {@code Model} metric. */
    String displayName() {
        return displayName;
    }
}
