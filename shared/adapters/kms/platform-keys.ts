import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { PlatformKeys } from '../../domain/signing/pki/authority.ts';

/**
 * The platform's own KMS keys: the certification authority (only the key-issuing function may sign
 * with it) and the time-stamping authority (only the permit signer may). Each function is given the
 * ids of the keys its grants allow.
 */
export class KmsPlatformKeys implements PlatformKeys {
  private readonly client: KMSClient;
  private readonly ids: { ca: string | undefined; timestamp: string | undefined };

  constructor(client: KMSClient, ids: { ca: string | undefined; timestamp: string | undefined }) {
    this.client = client;
    this.ids = ids;
  }

  private id(which: 'ca' | 'timestamp'): string {
    const id = this.ids[which];
    if (!id) throw new Error(`This function was given no ${which} key (its grants do not include it).`);
    return id;
  }

  private async sign(which: 'ca' | 'timestamp', digest: Uint8Array): Promise<Uint8Array> {
    const { Signature } = await this.client.send(
      new SignCommand({
        KeyId: this.id(which),
        Message: digest,
        MessageType: 'DIGEST',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!Signature) throw new Error('KMS returned no signature');
    return Signature;
  }

  signAsCa = (digest: Uint8Array) => this.sign('ca', digest);
  signAsTimestampAuthority = (digest: Uint8Array) => this.sign('timestamp', digest);

  async publicKey(which: 'ca' | 'timestamp'): Promise<Uint8Array> {
    const { PublicKey } = await this.client.send(new GetPublicKeyCommand({ KeyId: this.id(which) }));
    if (!PublicKey) throw new Error('KMS returned no public key');
    return PublicKey;
  }
}
