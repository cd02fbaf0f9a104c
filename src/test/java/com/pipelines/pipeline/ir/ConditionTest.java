package com.pipelines.pipeline.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The CEL subset of kfp's dsl.If / Elif / Else conditions, as kfp 2 writes them. */
class ConditionTest {

    private static final Map<String, Object> INPUTS = Map.of(
            "pipelinechannel--train-accuracy", 0.91,
            "pipelinechannel--flip-coin-Output", "heads",
            "pipelinechannel--random-Output", "7",
            "pipelinechannel--count", 3L,
            "pipelinechannel--eval", true);

    private static boolean test(String condition) {
        return Condition.parse(condition).test(INPUTS);
    }

    @Test
    void comparesNumbersStringsAndBooleansAsKfpWritesThem() {
        assertThat(test("inputs.parameter_values['pipelinechannel--train-accuracy'] >= 0.9")).isTrue();
        assertThat(test("inputs.parameter_values['pipelinechannel--train-accuracy'] < 0.9")).isFalse();
        assertThat(test("inputs.parameter_values['pipelinechannel--flip-coin-Output'] == 'heads'")).isTrue();
        assertThat(test("inputs.parameter_values['pipelinechannel--flip-coin-Output'] != \"heads\"")).isFalse();
        assertThat(test("int(inputs.parameter_values['pipelinechannel--random-Output']) > 5")).isTrue();
        assertThat(test("double(inputs.parameter_values['pipelinechannel--count']) == 3.0")).isTrue();
        assertThat(test("inputs.parameter_values['pipelinechannel--count'] == 3")).isTrue();
        assertThat(test("inputs.parameter_values['pipelinechannel--eval'] == true")).isTrue();
    }

    @Test
    void elifAndElseAreNegationsJoinedWithAnd() {
        String elif = "!(inputs.parameter_values['pipelinechannel--flip-coin-Output'] == 'tails') && "
                + "inputs.parameter_values['pipelinechannel--train-accuracy'] > 0.5";
        assertThat(test(elif)).isTrue();
        assertThat(test("!(inputs.parameter_values['pipelinechannel--eval'] == true) || false")).isFalse();
        assertThat(Condition.parse(elif).inputs()).containsExactly("pipelinechannel--flip-coin-Output",
                "pipelinechannel--train-accuracy");
    }

    @Test
    void refusesWhatIsNotInTheSubsetWithThePosition() {
        assertThatThrownBy(() -> Condition.parse("size(inputs.parameter_values['x']) > 1"))
                .isInstanceOf(Condition.SyntaxError.class).hasMessageContaining("position 1");
        assertThatThrownBy(() -> Condition.parse("inputs.parameter_values['x'] ~ 1"))
                .isInstanceOf(Condition.SyntaxError.class).hasMessageContaining("unexpected '~'");
        assertThatThrownBy(() -> Condition.parse("inputs.parameter_values['x] == 1"))
                .isInstanceOf(Condition.SyntaxError.class).hasMessageContaining("unterminated string");
    }

    @Test
    void aValueOfTheWrongKindIsAnErrorNotFalse() {
        assertThatThrownBy(() -> test("int(inputs.parameter_values['pipelinechannel--flip-coin-Output']) > 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> test("inputs.parameter_values['pipelinechannel--missing'] > 1"))
                .hasMessageContaining("has no value");
    }
}
