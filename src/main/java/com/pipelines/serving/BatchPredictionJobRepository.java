package com.pipelines.serving;

import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface BatchPredictionJobRepository extends JpaRepository<BatchPredictionJob, UUID> {

    Page<BatchPredictionJob> findByStateOrderByCreateTimeDesc(BatchJobState state, Pageable page);

    Page<BatchPredictionJob> findByModelIdOrderByCreateTimeDesc(String modelId, Pageable page);

    Page<BatchPredictionJob> findAllByOrderByCreateTimeDesc(Pageable page);
}
