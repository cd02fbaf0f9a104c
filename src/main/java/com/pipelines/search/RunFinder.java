package com.pipelines.search;

import java.util.List;
import java.util.UUID;

import com.pipelines.runs.PipelineRun;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The ids of the runs a filter expression selects, archived or not, oldest first: for acting on many at once. */
@Service
@Transactional(readOnly = true)
public class RunFinder {

    private final RunListing listing;
    private final RunSearch search;

    RunFinder(RunListing listing, RunSearch search) {
        this.listing = listing;
        this.search = search;
    }

    /** At most {@code limit} ids; a malformed filter is a 400 naming {@code field}. */
    public List<UUID> ids(String filter, int limit, String field) {
        var spec = listing.specification(new RunListing.RunFilter(null, null, null, null, null, null, null), filter,
                field);
        return search.page(spec, "ids|" + filter, org.springframework.data.domain.Sort.by("createTime", "id"), 0, limit).runs()
                .stream().map(PipelineRun::id).toList();
    }
}
