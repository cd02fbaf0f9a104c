package com.pipelines.experiments;

import java.time.Clock;
import java.util.Map;

import com.pipelines.security.Callers;
import com.pipelines.web.Labels;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Experiments: created, described, archived; what runs and schedules check the experiment they name against. */
@Service
@Transactional
public class Experiments {

    public static final String DEFAULT = "Default";

    private final ExperimentRepository experiments;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;

    Experiments(ExperimentRepository experiments, ApplicationEventPublisher events, JsonMapper json, Clock clock) {
        this.experiments = experiments;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /** The experiment a new run goes to: {@code name} (400 naming {@code field} if unknown or archived) or Default. */
    @Transactional(readOnly = true)
    public String forNewRun(String name, String field) {
        if (name == null) {
            return DEFAULT;
        }
        Experiment experiment = experiments.findById(name)
                .orElseThrow(() -> ExperimentException.notFound(name, field));
        if (experiment.archived()) {
            throw ExperimentException.archived(name, field);
        }
        return name;
    }

    ExperimentController.ExperimentView create(ExperimentController.CreateExperimentRequest request) {
        String labels = json.writeValueAsString(Labels.checked(request.labels(), "labels"));
        if (experiments.existsById(request.name())) {
            throw ExperimentException.nameTaken(request.name());
        }
        try {
            return view(experiments.saveAndFlush(new Experiment(request.name(), request.description(), labels,
                    Callers.currentKeyName(), clock.instant())));
        } catch (DataIntegrityViolationException raced) {
            throw ExperimentException.nameTaken(request.name());
        }
    }

    @Transactional(readOnly = true)
    ExperimentController.ExperimentView get(String name) {
        return view(find(name));
    }

    @Transactional(readOnly = true)
    Page<ExperimentController.ExperimentView> list(boolean archived, int page, int size) {
        return experiments.findByArchived(archived, PageRequest.of(page, size, Sort.by("createTime").descending()
                .and(Sort.by("name")))).map(this::view);
    }

    ExperimentController.ExperimentView patch(String name, ExperimentController.PatchExperimentRequest request) {
        Experiment experiment = find(name);
        String labels = request.labels() == null ? experiment.labels()
                : json.writeValueAsString(Labels.checked(request.labels(), "labels"));
        experiment.describe(request.description() == null ? experiment.description() : request.description(), labels);
        return view(experiment);
    }

    ExperimentController.ExperimentView archive(String name, boolean archived) {
        Experiment experiment = find(name);
        if (archived && DEFAULT.equals(name)) {
            throw ExperimentException.defaultIsForever();
        }
        if (experiment.archived() != archived) {
            experiment.archive(archived);
            if (archived) {
                events.publishEvent(new ExperimentArchived(name));
            }
        }
        return view(experiment);
    }

    private Experiment find(String name) {
        return experiments.findById(name).orElseThrow(() -> ExperimentException.notFound(name, null));
    }

    @SuppressWarnings("unchecked")
    private ExperimentController.ExperimentView view(Experiment e) {
        Map<String, String> labels = e.labels() == null ? Map.of() : json.readValue(e.labels(), Map.class);
        return new ExperimentController.ExperimentView(e.name(), e.description(), labels, e.archived(),
                e.createdByKey(), e.createTime());
    }
}
