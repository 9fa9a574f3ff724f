/** The signing keys of commune signatories (KMS on AWS: one asymmetric key per signatory). */
export interface KeyManager {
  /** An ECC P-256 sign/verify key for one signatory, tagged and aliased with their id. */
  createSigningKey(signatory: {
    id: string;
    communeId: string;
  }): Promise<{ keyId: string; keyArn: string; alias: string }>;
  /** ECDSA-SHA256 signature (DER) of a SHA-256 digest computed by the caller. */
  signDigest(keyId: string, digest: Uint8Array): Promise<Uint8Array>;
  /** The public key (SPKI, PEM) anyone can verify a permit with. */
  publicKeyPem(keyId: string): Promise<string>;
}
