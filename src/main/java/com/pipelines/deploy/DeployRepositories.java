package com.pipelines.deploy;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface RegisteredModelRepository extends JpaRepository<RegisteredModel, String> {

    Optional<RegisteredModel> findFirstByRunId(UUID runId);

    List<RegisteredModel> findByRunId(UUID runId);

    @Query("select coalesce(max(m.versionId), 0) from RegisteredModel m "
            + "where m.project = :project and m.region = :region and m.displayName = :displayName")
    int latestVersion(String project, String region, String displayName);

    List<RegisteredModel> findByIdIn(Collection<String> ids);

    List<RegisteredModel> findByProjectAndRegionAndDisplayNameOrderByVersionId(String project, String region,
                                                                               String displayName);
}

interface EndpointRepository extends JpaRepository<Endpoint, String> {

    Optional<Endpoint> findFirstByRunId(UUID runId);


    /** Serialises changes to one endpoint's deployed models and traffic split across threads and replicas. */
    @org.springframework.data.jpa.repository.Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("select e from Endpoint e where e.id = :id")
    Optional<Endpoint> lockById(String id);
}

interface DeployedModelRepository extends JpaRepository<DeployedModel, String> {

    List<DeployedModel> findByEndpointIdOrderByCreateTime(String endpointId);

    List<DeployedModel> findByEndpointIdInOrderByCreateTime(Collection<String> endpointIds);

    Optional<DeployedModel> findFirstByEndpointIdAndRunId(String endpointId, UUID runId);

    boolean existsByModelId(String modelId);

    List<DeployedModel> findByModelId(String modelId);

    List<DeployedModel> findByAliasNotNull();
}

interface ModelAliasRepository extends JpaRepository<ModelAlias, ModelAlias.Key> {

    List<ModelAlias> findByModelId(String modelId);

    List<ModelAlias> findByModelIdIn(Collection<String> modelIds);

    @org.springframework.data.jpa.repository.Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from ModelAlias a where a.key = :key")
    Optional<ModelAlias> lockByKey(ModelAlias.Key key);
}

interface ModelEvaluationRepository extends JpaRepository<ModelEvaluation, Long> {

    List<ModelEvaluation> findTop20ByModelIdOrderByCreateTimeDesc(String modelId);
}
