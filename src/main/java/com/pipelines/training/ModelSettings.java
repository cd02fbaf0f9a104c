package com.pipelines.training;

import java.util.ArrayList;
import java.util.List;

import com.pipelines.datasets.DatasetSchema;
import com.pipelines.pipeline.StepContext;
import com.pipelines.pipeline.StepFailedException;

/**
 * The architecture a run asks for: {@code modelType}, {@code hiddenUnits} (a list such as {@code [256, 128]}, or
 * {@code "256,128"}; {@code []} for none) and {@code dropout} (mlp only).
 */
record ModelSettings(ModelType type, int[] hiddenUnits, float dropout) {

    static final int MAX_LAYERS = 8;
    static final int MAX_UNITS = 8192;

    static ModelSettings of(StepContext context) {
        String typeName = context.stringParameter("modelType");
        ModelType type;
        try {
            type = ModelType.fromParameter(typeName == null ? "linear" : typeName);
        } catch (IllegalArgumentException e) {
            throw StepFailedException.permanent(e.getMessage(), e);
        }
        Object hidden = context.parameters().get("hiddenUnits");
        int[] units = hidden == null ? Network.SEED_HIDDEN : parseUnits(hidden);
        double dropout = context.doubleParameter("dropout").orElse(0.0);
        if (dropout < 0 || dropout >= 1) {
            throw StepFailedException.permanent("dropout must be in [0, 1), not " + dropout);
        }
        return new ModelSettings(type, units, (float) dropout);
    }

    static int[] parseUnits(Object value) {
        List<Integer> units = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                units.add(unit(String.valueOf(item)));
            }
        } else {
            String text = String.valueOf(value).trim();
            if (text.startsWith("[") && text.endsWith("]")) {
                text = text.substring(1, text.length() - 1);
            }
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    units.add(unit(part.trim()));
                }
            }
        }
        if (units.size() > MAX_LAYERS) {
            throw StepFailedException.permanent("hiddenUnits: at most " + MAX_LAYERS + " hidden layers");
        }
        return units.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int unit(String text) {
        try {
            double parsed = Double.parseDouble(text);
            int units = (int) parsed;
            if (units != parsed || units < 1 || units > MAX_UNITS) {
                throw new NumberFormatException();
            }
            return units;
        } catch (NumberFormatException e) {
            throw StepFailedException.permanent("hiddenUnits: '" + text + "' is not a layer size between 1 and "
                    + MAX_UNITS);
        }
    }

    Network network(DatasetSchema schema, long seed) {
        return new Network(type, schema, hiddenUnits, dropout, seed);
    }
}
