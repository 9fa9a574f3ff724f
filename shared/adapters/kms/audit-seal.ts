import { createHash } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { AuditSeal } from '../../domain/audit/ports.ts';

/** The platform seal key (KMS ECC P-256): the daily audit roots are signed with it, never elsewhere. */
export class KmsAuditSeal implements AuditSeal {
  private readonly client: KMSClient;
  readonly keyId: string;

  constructor(client: KMSClient, keyId: string) {
    this.client = client;
    this.keyId = keyId;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    const { Signature } = await this.client.send(
      new SignCommand({
        KeyId: this.keyId,
        Message: createHash('sha256').update(message).digest(),
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!Signature) throw new Error('KMS returned no signature');
    return Signature;
  }

  async publicKeyPem(): Promise<string> {
    const { PublicKey } = await this.client.send(new GetPublicKeyCommand({ KeyId: this.keyId }));
    if (!PublicKey) throw new Error('KMS returned no public key');
    const lines =
      Buffer.from(PublicKey)
        .toString('base64')
        .match(/.{1,64}/g) ?? [];
    return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
  }
}
