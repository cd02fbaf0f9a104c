package com.pipelines.deploy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Model versions and their aliases, as Vertex AI's Model Registry and MLflow's have them: a model is every version of
 * one display name (in a project and region); an alias names at most one of its versions and moving it is one
 * update under the alias row's lock; {@code default} is the latest version unless it was moved. Deployments that
 * follow an alias ({@code name@champion}) are re-pointed in the same transaction, and their endpoints are announced
 * as changed, so serving loads the new version and then switches to it.
 */
@Service
@Transactional
public class ModelRegistry {

    public static final String DEFAULT = "default";
    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private final RegisteredModelRepository models;
    private final ModelAliasRepository aliases;
    private final DeployedModelRepository deployed;
    private final ApplicationEventPublisher events;
    private final ModelEvaluationRepository evaluations;
    private final java.time.Clock clock;

    ModelRegistry(RegisteredModelRepository models, ModelAliasRepository aliases, DeployedModelRepository deployed,
                  ApplicationEventPublisher events, ModelEvaluationRepository evaluations, java.time.Clock clock) {
        this.evaluations = evaluations;
        this.clock = clock;
        this.models = models;
        this.aliases = aliases;
        this.deployed = deployed;
        this.events = events;
    }

    /**
     * A version from a reference: a version id or resource name, optionally with {@code @alias} or {@code @version};
     * or a display name with {@code @alias} / {@code @version} (alone: its {@code default}).
     */
    @Transactional(readOnly = true)
    public RegisteredModel resolve(String reference, String project, String region) {
        String base = reference;
        String qualifier = null;
        int at = reference.lastIndexOf('@');
        if (at > 0) {
            base = reference.substring(0, at);
            qualifier = reference.substring(at + 1);
        }
        String name = base;
        String id = base.contains("/") ? base.substring(base.lastIndexOf('/') + 1) : base;
        Optional<RegisteredModel> byId = models.findById(id);
        List<RegisteredModel> versions = byId.map(this::versions)
                .orElseGet(() -> models.findByProjectAndRegionAndDisplayNameOrderByVersionId(project, region, name));
        if (versions.isEmpty()) {
            throw DeployException.modelNotFound(reference);
        }
        if (qualifier == null) {
            return byId.orElseGet(() -> defaultVersion(versions));
        }
        return pick(versions, qualifier, reference);
    }

    private RegisteredModel pick(List<RegisteredModel> versions, String qualifier, String reference) {
        if (qualifier.matches("[0-9]{1,9}")) {
            int number = Integer.parseInt(qualifier);
            return versions.stream().filter(v -> v.versionId() == number).findFirst()
                    .orElseThrow(() -> DeployException.modelNotFound(reference));
        }
        RegisteredModel any = versions.get(0);
        if (qualifier.equals(DEFAULT)) {
            return defaultVersion(versions);
        }
        return aliases.findById(key(any, qualifier)).flatMap(a -> models.findById(a.modelId()))
                .orElseThrow(() -> DeployException.aliasNotFound(any.displayName(), qualifier));
    }

    /** Every version of the model {@code version} belongs to, oldest first. */
    @Transactional(readOnly = true)
    public List<RegisteredModel> versions(RegisteredModel version) {
        return models.findByProjectAndRegionAndDisplayNameOrderByVersionId(version.project(), version.region(),
                version.displayName());
    }

    private RegisteredModel defaultVersion(List<RegisteredModel> versions) {
        RegisteredModel any = versions.get(0);
        return aliases.findById(key(any, DEFAULT)).flatMap(a -> models.findById(a.modelId()))
                .orElseGet(() -> versions.stream().max(Comparator.comparingInt(RegisteredModel::versionId)).orElseThrow());
    }

    /** The aliases naming this version, {@code default} included when it is the default. */
    @Transactional(readOnly = true)
    public List<String> aliasesOf(RegisteredModel version) {
        List<String> names = new ArrayList<>(aliases.findByModelId(version.id()).stream()
                .map(a -> a.key().alias()).sorted().toList());
        if (!names.contains(DEFAULT) && defaultVersion(versions(version)).id().equals(version.id())) {
            names.add(0, DEFAULT);
        }
        return names;
    }

    /** Points {@code alias} at this version (moving it from another one); deployments following it follow. */
    public void addAlias(RegisteredModel version, String alias) {
        checkAlias(alias);
        ModelAlias.Key key = key(version, alias);
        Optional<ModelAlias> current = aliases.lockByKey(key);
        if (current.isPresent() && current.get().modelId().equals(version.id())) {
            return;
        }
        if (current.isPresent()) {
            current.get().moveTo(version.id());
        } else {
            aliases.saveAndFlush(new ModelAlias(key, version.id()));
        }
        repointFollowers(version, alias);
    }

    public void removeAlias(RegisteredModel version, String alias) {
        checkAlias(alias);
        if (alias.equals(DEFAULT)) {
            throw DeployException.invalidAlias(alias, "'default' cannot be removed; move it to another version");
        }
        ModelAlias.Key key = key(version, alias);
        ModelAlias found = aliases.lockByKey(key).filter(a -> a.modelId().equals(version.id()))
                .orElseThrow(() -> DeployException.aliasNotFound(version.displayName() + " version "
                        + version.versionId(), alias));
        boolean followed = deployed.findByAliasNotNull().stream().anyMatch(d -> d.alias().equals(alias)
                && followsModel(d, version));
        if (followed) {
            throw DeployException.aliasInUse(version.displayName(), alias);
        }
        aliases.delete(found);
    }

    /** The versions a run registered. */
    @Transactional(readOnly = true)
    public List<RegisteredModel> versionsFromRun(java.util.UUID runId) {
        return models.findByRunId(runId);
    }

    /** Why a version must stay (deployed somewhere, or named by an alias someone set), if it must. */
    @Transactional(readOnly = true)
    public Optional<String> whyKept(RegisteredModel version) {
        List<DeployedModel> deployments = deployed.findByModelId(version.id());
        if (!deployments.isEmpty()) {
            return Optional.of("model " + version.displayName() + " version " + version.versionId()
                    + " is deployed on endpoint " + deployments.get(0).endpointId() + "; undeploy it first");
        }
        List<ModelAlias> named = aliases.findByModelId(version.id());
        if (!named.isEmpty()) {
            return Optional.of("model " + version.displayName() + " version " + version.versionId()
                    + " carries alias " + named.get(0).key().alias() + "; move the alias first");
        }
        return Optional.empty();
    }

    /** Deletes a version that is neither deployed nor named by an alias (409 otherwise). */
    public void delete(RegisteredModel version) {
        if (!deployed.findByModelId(version.id()).isEmpty()) {
            throw DeployException.versionInUse(version, "it is deployed; undeploy it first");
        }
        if (!aliases.findByModelId(version.id()).isEmpty()) {
            throw DeployException.versionInUse(version, "aliases " + aliasesOf(version) + " name it; move them first");
        }
        models.delete(version);
    }

    public void describe(RegisteredModel version, String description, String labels) {
        version.describe(description, labels);
        models.saveAndFlush(version);
    }

    /** What an {@code evaluate-model} run measured of a registered version. */
    public record Evaluation(java.util.UUID runId, String task, String dataset, int examples, double accuracy,
                             double logLoss) {
    }

    /** Records a later evaluation of a version; the version shows its latest twenty. */
    public void recordEvaluation(String modelId, Evaluation evaluation) {
        models.findById(modelId).orElseThrow(() -> DeployException.modelNotFound(modelId));
        evaluations.save(new ModelEvaluation(modelId, evaluation, clock.instant()));
    }

    @Transactional(readOnly = true)
    List<ModelRegistryController.EvaluationView> evaluationsOf(String modelId) {
        return evaluations.findTop20ByModelIdOrderByCreateTimeDesc(modelId).stream().map(ModelEvaluation::view)
                .toList();
    }

    private void repointFollowers(RegisteredModel version, String alias) {
        Set<String> changed = new HashSet<>();
        for (DeployedModel d : deployed.findByAliasNotNull()) {
            if (d.alias().equals(alias) && followsModel(d, version) && !d.modelId().equals(version.id())) {
                d.repoint(version.id());
                changed.add(d.endpointId());
            }
        }
        deployed.flush();
        changed.forEach(endpoint -> events.publishEvent(new EndpointChanged(endpoint)));
    }

    private boolean followsModel(DeployedModel d, RegisteredModel version) {
        return models.findById(d.modelId()).map(m -> m.project().equals(version.project())
                && m.region().equals(version.region()) && m.displayName().equals(version.displayName())).orElse(false);
    }

    static void checkAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw DeployException.invalidAlias(alias, "an alias is 1-63 lower-case letters, digits and '-', "
                    + "starting with a letter (a number would read as a version)");
        }
    }

    private static ModelAlias.Key key(RegisteredModel version, String alias) {
        return new ModelAlias.Key(version.project(), version.region(), version.displayName(), alias);
    }
}
