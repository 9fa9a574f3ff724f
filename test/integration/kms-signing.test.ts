import { createHash, randomUUID, verify } from 'node:crypto';
import { KMSClient } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { KmsKeyManager } from '#shared/adapters/kms/key-manager.ts';
import { clientConfig, testCloud } from '../support/cloud.ts';

const cloud = testCloud();
const keys = new KmsKeyManager(new KMSClient(clientConfig(cloud)), 'local');

describe('KMS signing keys (first step of the signing issue)', () => {
  it('creates a P-256 key per signatory and signs digests that node:crypto verifies with its public key', async () => {
    const signatory = { id: `sig-${randomUUID().slice(0, 8)}`, communeId: 'cas-casablanca' };
    const key = await keys.createSigningKey(signatory);
    expect(key.alias).toBe(`alias/rukhsa/local/signatory/${signatory.id}`);
    const document = Buffer.from('%PDF-1.7 permit CAS-CASABLANCA/2026/00042');
    const digest = createHash('sha256').update(document).digest();
    const signature = await keys.signDigest(key.keyId, digest);
    const publicKey = await keys.publicKeyPem(key.keyId);
    expect(publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(verify('sha256', document, publicKey, Buffer.from(signature))).toBe(true);
    expect(verify('sha256', Buffer.from('%PDF-1.7 tampered'), publicKey, Buffer.from(signature))).toBe(false);
    // Signing by alias works too (the key record keeps the alias).
    const again = await keys.signDigest(key.alias, digest);
    expect(verify('sha256', document, publicKey, Buffer.from(again))).toBe(true);
  });
});
