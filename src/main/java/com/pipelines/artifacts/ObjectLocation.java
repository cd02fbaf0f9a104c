package com.pipelines.artifacts;

import java.util.regex.Pattern;

/** An object or a folder of objects in a bucket: {@code s3://bucket/key} or {@code gs://bucket/key}. */
record ObjectLocation(String scheme, String bucket, String key) {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");
    private static final Pattern KEY = Pattern.compile("([A-Za-z0-9_.=~@+\\[\\]-]+(/[A-Za-z0-9_.=~@+\\[\\]-]+)*)?");

    static boolean isObjectUri(String uri) {
        return uri != null && (uri.startsWith("s3://") || uri.startsWith("gs://"));
    }

    /** Parses and checks a uri; a trailing slash is dropped, {@code ..} and empty segments are refused. */
    static ObjectLocation parse(String uri) {
        if (!isObjectUri(uri)) {
            throw new IllegalArgumentException("not an s3:// or gs:// uri: " + uri);
        }
        String scheme = uri.substring(0, 2);
        String rest = uri.substring(5);
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("'" + bucket + "' is not a valid bucket name");
        }
        if (!KEY.matcher(key).matches() || ("/" + key + "/").contains("/../") || ("/" + key + "/").contains("/./")) {
            throw new IllegalArgumentException("'" + key + "' is not a valid object path");
        }
        return new ObjectLocation(scheme, bucket, key);
    }

    ObjectLocation child(String relative) {
        return new ObjectLocation(scheme, bucket, key.isEmpty() ? relative : key + "/" + relative);
    }

    /** The prefix that lists this folder's objects. */
    String folderPrefix() {
        return key.isEmpty() ? "" : key + "/";
    }

    boolean contains(ObjectLocation other) {
        return scheme.equals(other.scheme) && bucket.equals(other.bucket)
                && (key.isEmpty() || other.key.equals(key) || other.key.startsWith(key + "/"));
    }

    @Override
    public String toString() {
        return scheme + "://" + bucket + (key.isEmpty() ? "" : "/" + key);
    }
}
