package com.pipelines.runs;

import org.springframework.data.jpa.repository.JpaRepository;

interface RunParameterRepository extends JpaRepository<RunParameter, Long> {
}
