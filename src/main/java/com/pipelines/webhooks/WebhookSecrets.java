package com.pipelines.webhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.pipelines.PipelinesProperties;
import org.springframework.stereotype.Component;

/**
 * Webhook secrets are needed in clear to sign (HMAC), so they cannot be hashed like API keys: they are stored
 * sealed with AES-256-GCM. The key is {@code pipelines.webhooks.secret-key} (base64 of 32 bytes; give every replica
 * the same one), or else a key file made once in the data folder, readable by its owner only, which replicas
 * sharing the data folder share. The database alone never reveals a secret.
 */
@Component
class WebhookSecrets {

    static final String PREFIX = "aes-gcm:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    WebhookSecrets(WebhookProperties properties, PipelinesProperties pipelines) {
        byte[] bytes = properties.secretKey() != null
                ? Base64.getDecoder().decode(properties.secretKey())
                : keyFile(pipelines.dataDir().resolve("webhook-secret.key"));
        if (bytes.length != 32) {
            throw new IllegalStateException("pipelines.webhooks.secret-key must be base64 of 32 bytes");
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    String seal(String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal a webhook secret", e);
        }
    }

    /** The secret in clear; a value stored before secrets were sealed (no prefix) is returned as it is. */
    String open(String stored) {
        if (!stored.startsWith(PREFIX)) {
            return stored;
        }
        byte[] bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A webhook secret cannot be opened with this key: was "
                    + "pipelines.webhooks.secret-key or the key file changed?", e);
        }
    }

    private byte[] keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                random.nextBytes(fresh);
                Files.createDirectories(file.getParent());
                try {
                    Files.write(file, Base64.getEncoder().encode(fresh), StandardOpenOption.CREATE_NEW);
                    restrictToOwner(file);
                } catch (FileAlreadyExistsException raced) {
                    // another replica made it first: use theirs
                }
            }
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the webhook key file " + file, e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's ACL applies
        }
    }
}
