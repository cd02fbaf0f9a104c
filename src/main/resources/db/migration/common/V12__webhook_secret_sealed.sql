-- Webhook secrets are stored sealed (AES-256-GCM, "aes-gcm:" + base64 of nonce, ciphertext and tag): longer values.
ALTER TABLE webhook ALTER COLUMN secret SET DATA TYPE VARCHAR(512);
