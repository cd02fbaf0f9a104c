package com.pipelines.datasets;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface DatasetVersionRepository extends JpaRepository<DatasetVersion, UUID> {

    Optional<DatasetVersion> findByNameAndDigest(String name, String digest);

    Optional<DatasetVersion> findByNameAndVersion(String name, int version);

    Optional<DatasetVersion> findFirstByNameOrderByVersionDesc(String name);

    List<DatasetVersion> findByNameOrderByVersionDesc(String name);

    List<DatasetVersion> findAllByOrderByNameAscVersionDesc();

    @Query("select coalesce(max(v.version), 0) from DatasetVersion v where v.name = ?1")
    int maxVersion(String name);

    @Query(value = "select cast(run_id as varchar(36)) from dataset_usage where version_id = ?1 fetch first 1 rows only",
            nativeQuery = true)
    List<String> firstRunUsing(UUID versionId);

    @Modifying
    @Query(value = "insert into dataset_usage (version_id, run_id, task_name) select ?1, ?2, ?3 "
            + "where not exists (select 1 from dataset_usage where version_id = ?1 and run_id = ?2 and task_name = ?3)",
            nativeQuery = true)
    int recordUsage(UUID versionId, UUID runId, String taskName);
}
