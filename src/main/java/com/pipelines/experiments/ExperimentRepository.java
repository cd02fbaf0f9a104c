package com.pipelines.experiments;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface ExperimentRepository extends JpaRepository<Experiment, String> {

    Page<Experiment> findByArchived(boolean archived, Pageable page);
}
