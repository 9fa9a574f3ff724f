import {
  CreateAliasCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  GetPublicKeyCommand,
  type KMSClient,
  SignCommand,
} from '@aws-sdk/client-kms';
import type { KeyManager } from '../../domain/signing/ports.ts';

const pem = (der: Uint8Array) =>
  `-----BEGIN PUBLIC KEY-----\n${Buffer.from(der)
    .toString('base64')
    .match(/.{1,64}/g)
    ?.join('\n')}\n-----END PUBLIC KEY-----\n`;

/** KMS adapter: the private key never leaves KMS; the platform only asks it to sign digests. */
export class KmsKeyManager implements KeyManager {
  private readonly client: KMSClient;
  private readonly stage: string;

  constructor(client: KMSClient, stage: string) {
    this.client = client;
    this.stage = stage;
  }

  async createSigningKey(signatory: { id: string; communeId: string }) {
    const { KeyMetadata } = await this.client.send(
      new CreateKeyCommand({
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        Description: `Rukhsa permit signing key of signatory ${signatory.id} (${signatory.communeId})`,
        Tags: [
          { TagKey: 'project', TagValue: 'rukhsa' },
          // The IAM policies of the issuing and signing functions are conditioned on these two tags.
          { TagKey: 'purpose', TagValue: 'permit-signing' },
          { TagKey: 'stage', TagValue: this.stage },
          { TagKey: 'signatory', TagValue: signatory.id },
          { TagKey: 'commune', TagValue: signatory.communeId },
        ],
      }),
    );
    if (!KeyMetadata?.KeyId || !KeyMetadata.Arn) throw new Error('KMS returned no key id');
    const alias = `alias/rukhsa/${this.stage}/signatory/${signatory.id}`;
    await this.client.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: KeyMetadata.KeyId }));
    return { keyId: KeyMetadata.KeyId, keyArn: KeyMetadata.Arn, alias };
  }

  async signDigest(keyId: string, digest: Uint8Array): Promise<Uint8Array> {
    const { Signature } = await this.client.send(
      new SignCommand({
        KeyId: keyId,
        Message: digest,
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!Signature) throw new Error('KMS returned no signature');
    return Signature;
  }

  async disableKey(keyId: string): Promise<void> {
    // Idempotent in KMS: disabling a disabled key succeeds.
    await this.client.send(new DisableKeyCommand({ KeyId: keyId }));
  }

  async publicKeyPem(keyId: string): Promise<string> {
    const { PublicKey } = await this.client.send(new GetPublicKeyCommand({ KeyId: keyId }));
    if (!PublicKey) throw new Error('KMS returned no public key');
    return pem(PublicKey);
  }
}
