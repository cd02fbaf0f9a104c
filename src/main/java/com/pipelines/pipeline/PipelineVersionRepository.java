package com.pipelines.pipeline;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface PipelineVersionRepository extends JpaRepository<PipelineVersion, UUID> {

    Optional<PipelineVersion> findByPipelineNameAndVersion(String pipelineName, int version);

    Optional<PipelineVersion> findFirstByPipelineNameOrderByVersionDesc(String pipelineName);

    List<PipelineVersion> findByPipelineNameOrderByVersionDesc(String pipelineName);

    @Query("select v.id from PipelineVersion v")
    List<UUID> ids();

    @Query("select distinct v.pipelineName from PipelineVersion v order by v.pipelineName")
    List<String> pipelineNames();

    @Query("select coalesce(max(v.version), 0) from PipelineVersion v where v.pipelineName = :name")
    int latestVersion(String name);

}
