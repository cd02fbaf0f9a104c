package com.pipelines.schedules;

import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface ScheduleRepository extends JpaRepository<Schedule, UUID> {

    /** The schedule row locked until the transaction ends: one fire of a schedule at a time, whatever the replica. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from Schedule s where s.id = :id")
    Optional<Schedule> lockById(UUID id);

    Page<Schedule> findByState(ScheduleState state, Pageable page);
}
