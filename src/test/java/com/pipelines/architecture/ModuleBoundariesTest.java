package com.pipelines.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The feature packages (runs, pipeline, execution, scheduling, training, deploy, serving, webhooks, ...) depend on
 * each other without cycles, and the shared ones depend on no feature: a change that makes, say, {@code runs}
 * depend on {@code execution} (which depends on {@code runs}) fails here instead of slowly tangling the code.
 */
class ModuleBoundariesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.pipelines");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("com.pipelines.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void sharedPackagesDependOnNoFeature() {
        noClasses().that().resideInAnyPackage("com.pipelines.web..", "com.pipelines.scheduling..")
                .should().dependOnClassesThat().resideInAnyPackage("com.pipelines.runs..",
                        "com.pipelines.execution..", "com.pipelines.pipeline..", "com.pipelines.training..",
                        "com.pipelines.deploy..", "com.pipelines.serving..", "com.pipelines.webhooks..",
                        "com.pipelines.component..", "com.pipelines.artifacts..", "com.pipelines.security..",
                        "com.pipelines.search..", "com.pipelines.caching..", "com.pipelines.remote..",
                        "com.pipelines.idempotency..", "com.pipelines.schedules..", "com.pipelines.datasets..")
                .check(CLASSES);
    }

    /** Datasets are read by training, evaluation and serving; they know none of them, nor runs or the engine. */
    @Test
    void datasetsKnowNothingOfWhatReadsThem() {
        noClasses().that().resideInAPackage("com.pipelines.datasets..")
                .should().dependOnClassesThat().resideInAnyPackage("com.pipelines.training..",
                        "com.pipelines.serving..", "com.pipelines.deploy..", "com.pipelines.runs..",
                        "com.pipelines.execution..", "com.pipelines.pipeline..", "com.pipelines.schedules..")
                .check(CLASSES);
    }

    /**
     * Search, the step cache and the remote-executor mirror are built on runs' public surface; runs knows none of
     * them. Idempotency is generic (it knows no feature); runs' API uses it.
     */
    @Test
    void runsKnowsNothingOfWhatIsBuiltOnIt() {
        noClasses().that().resideInAPackage("com.pipelines.runs..")
                .should().dependOnClassesThat().resideInAnyPackage("com.pipelines.search..",
                        "com.pipelines.caching..", "com.pipelines.remote..", "com.pipelines.execution..",
                        "com.pipelines.schedules..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("com.pipelines.idempotency..")
                .should().dependOnClassesThat().resideInAnyPackage("com.pipelines.runs..",
                        "com.pipelines.pipeline..", "com.pipelines.execution..", "com.pipelines.search..")
                .check(CLASSES);
    }

    /** What other packages may use of runs: widening it is a decision, made here, not by accident. */
    @Test
    void runsHasANarrowPublicSurface() {
        Set<String> published = new TreeSet<>();
        for (JavaClass type : CLASSES) {
            if (type.getPackageName().equals("com.pipelines.runs") && type.getModifiers().contains(JavaModifier.PUBLIC)
                    && type.isTopLevelClass()) {
                published.add(type.getSimpleName());
            }
        }
        assertThat(published).containsExactlyInAnyOrder(
                // commands, events and values other features exchange with runs
                "CreateRunCommand", "RunOrigin", "RunExecutor", "RunState", "TaskState", "TaskStart", "ProgressView",
                "TaskQueued", "RemoteRunQueued", "RunFinished",
                // the events live streams are made of: every run and task state change, every final metric
                "StateChangeListener",
                // the entities that search, the cache and the mirror read (mutated only through their methods)
                "PipelineRun", "TaskRun", "StateChange", "RunMetric", "RunParameter", "JsonMapConverter",
                // labels: searched by the run list, deleted with a run
                "RunLabel", "RunLabelRepository",
                // the services: create/cancel/retry, state changes of running steps, what steps record, lost runs
                "RunService", "RunTransitions", "RunRecorder", "LostRuns", "StepsInFlight", "FailurePolicy");
    }

    @Test
    void thePipelineModelKnowsNothingOfRunsOrTheirExecution() {
        noClasses().that().resideInAPackage("com.pipelines.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage("com.pipelines.runs..",
                        "com.pipelines.execution..", "com.pipelines.scheduling..", "com.pipelines.webhooks..")
                .check(CLASSES);
    }
}
