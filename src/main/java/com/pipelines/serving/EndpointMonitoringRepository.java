package com.pipelines.serving;

import org.springframework.data.jpa.repository.JpaRepository;

interface EndpointMonitoringRepository extends JpaRepository<EndpointMonitoring, String> {
}
