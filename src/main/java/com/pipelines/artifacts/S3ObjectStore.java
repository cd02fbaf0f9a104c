package com.pipelines.artifacts;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.pipelines.pipeline.StepFailedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** S3 and S3-compatible stores (MinIO, s3rver...) through the AWS SDK v2, its client built on first use. */
class S3ObjectStore implements ObjectStore {

    private final StorageProperties.S3 settings;
    private volatile S3Client client;

    S3ObjectStore(StorageProperties.S3 settings) {
        this.settings = settings;
    }

    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public void put(ObjectLocation object, Path file) {
        long size;
        try {
            size = java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + file, e);
        }
        if (size > settings.multipartThreshold().toBytes()) {
            call(object.bucket(), "write " + object, () -> MultipartUpload.put(client(), object, file, size,
                    settings.partSize().toBytes()));
            return;
        }
        call(object.bucket(), "write " + object, () -> client().putObject(
                b -> b.bucket(object.bucket()).key(object.key()), RequestBody.fromFile(file)));
    }

    @Override
    public List<StoredObject> list(ObjectLocation folder) {
        return call(folder.bucket(), "list " + folder, () -> client()
                .listObjectsV2Paginator(b -> b.bucket(folder.bucket()).prefix(folder.folderPrefix()))
                .contents().stream().map(o -> new StoredObject(o.key(), o.size(), o.eTag())).toList());
    }

    @Override
    public Optional<StoredObject> head(ObjectLocation object) {
        return call(object.bucket(), "read " + object, () -> {
            try {
                HeadObjectResponse head = client().headObject(b -> b.bucket(object.bucket()).key(object.key()));
                return Optional.of(new StoredObject(object.key(), head.contentLength(), head.eTag()));
            } catch (NoSuchKeyException missing) {
                return Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public void get(ObjectLocation object, Path file) {
        call(object.bucket(), "read " + object, () -> client().getObject(
                b -> b.bucket(object.bucket()).key(object.key()), ResponseTransformer.toFile(file)));
    }

    @Override
    public void delete(ObjectLocation object) {
        call(object.bucket(), "delete " + object, () -> client().deleteObject(
                b -> b.bucket(object.bucket()).key(object.key())));
    }

    @Override
    public void checkBucket(String bucket) {
        call(bucket, "reach bucket " + bucket, () -> client().headBucket(b -> b.bucket(bucket)));
    }

    private S3Client client() {
        S3Client built = client;
        if (built == null) {
            synchronized (this) {
                if (client == null) {
                    client = build();
                }
                built = client;
            }
        }
        return built;
    }

    private S3Client build() {
        S3ClientBuilder builder = S3Client.builder().serviceConfiguration(S3Configuration.builder()
                .pathStyleAccessEnabled(settings.pathStyleAccess())
                .chunkedEncodingEnabled(settings.chunkedEncoding()).build());
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        if (settings.region() != null && !settings.region().isBlank()) {
            builder.region(Region.of(settings.region()));
        }
        try {
            return builder.build();
        } catch (SdkClientException e) {
            throw StepFailedException.permanent("Cannot configure the S3 client: " + e.getMessage()
                    + " Set pipelines.storage.s3.region (or AWS_REGION).", e);
        }
    }

    private <T> T call(String bucket, String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (S3Exception e) {
            throw failure(bucket, what, e);
        } catch (SdkClientException e) {
            throw StepFailedException.transientFailure("Cannot reach S3 to " + what + " (" + rootMessage(e)
                    + "). Check the network and pipelines.storage.s3.endpoint ("
                    + (settings.endpoint() == null ? "the SDK's default" : settings.endpoint()) + ").", e);
        }
    }

    private static StepFailedException failure(String bucket, String what, S3Exception e) {
        String code = errorCode(e);
        String said = "S3 said " + e.statusCode() + (code == null ? "" : " " + code);
        return switch (e.statusCode()) {
            case 401, 403 -> StepFailedException.permanent("S3 denied access to bucket " + bucket + " (cannot "
                    + what + "; " + said + "). This is a permission problem, not the network: give the service's "
                    + "credentials s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on it.", e);
            case 404 -> "NoSuchBucket".equals(code) || (code == null && what.startsWith("reach bucket"))
                    ? StepFailedException.permanent("S3 bucket " + bucket + " does not exist (cannot " + what
                    + "; " + said + "). Create it, or point the pipeline root at an existing bucket.", e)
                    : StepFailedException.permanent("S3 has no such object (cannot " + what + "; " + said + "): it "
                    + "was deleted, or never written by the run that should have made it. Run its pipeline again.", e);
            default -> StepFailedException.transientFailure("S3 failed to " + what + " (" + said + ": "
                    + e.awsErrorDetails().errorMessage() + "); retried.", e);
        };
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String rootMessage(SdkException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
