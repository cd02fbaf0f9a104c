package com.pipelines.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
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
                        "com.pipelines.component..", "com.pipelines.artifacts..", "com.pipelines.security..")
                .check(CLASSES);
    }

    @Test
    void thePipelineModelKnowsNothingOfRunsOrTheirExecution() {
        noClasses().that().resideInAPackage("com.pipelines.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage("com.pipelines.runs..",
                        "com.pipelines.execution..", "com.pipelines.scheduling..", "com.pipelines.webhooks..")
                .check(CLASSES);
    }
}
