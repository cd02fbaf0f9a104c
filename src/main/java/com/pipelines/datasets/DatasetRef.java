package com.pipelines.datasets;

/** An exact dataset version: what a run records and what a step's cache key is made of. */
public record DatasetRef(String name, int version, String digest) {

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
