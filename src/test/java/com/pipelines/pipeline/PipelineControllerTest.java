package com.pipelines.pipeline;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.pipelines.PipelinesProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(PipelineController.class)
@Import({PipelineCatalog.class, PipelineSpecCompiler.class, SimpleMnistPipeline.class, PipelineControllerTest.Settings.class})
class PipelineControllerTest {

    @TestConfiguration
    @EnableConfigurationProperties(PipelinesProperties.class)
    static class Settings {
    }

    @Autowired
    MockMvc mvc;

    @Test
    void declaresTheSeedPipelineWithItsStepsAndEveryParameter() throws Exception {
        mvc.perform(get("/api/v1/pipelines/simple-mnist-pipeline"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.steps[0].name").value("load-data-and-training"))
                .andExpect(jsonPath("$.steps[0].available").value(false))
                .andExpect(jsonPath("$.steps[1].name").value("deploy-model"))
                .andExpect(jsonPath("$.steps[1].dependsOn[0]").value("load-data-and-training"))
                .andExpect(jsonPath("$.parameters.length()").value(23))
                .andExpect(jsonPath("$.parameters[?(@.name == 'epochs')].defaultValue").value(3))
                .andExpect(jsonPath("$.parameters[?(@.name == 'epochs')].max").value(1000.0))
                .andExpect(jsonPath("$.parameters[?(@.name == 'modelType')].allowedValues")
                        .value(org.hamcrest.Matchers.contains(org.hamcrest.Matchers.contains("linear", "mlp", "cnn"))));
    }

    @Test
    void listsPipelinesAndAnswers404AsProblem() throws Exception {
        mvc.perform(get("/api/v1/pipelines")).andExpect(status().isOk())
                .andExpect(jsonPath("$.pipelines[0].name").value("simple-mnist-pipeline"));
        mvc.perform(get("/api/v1/pipelines/none"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("pipelineName"));
    }
}
