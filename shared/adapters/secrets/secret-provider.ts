import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretProvider } from '../../domain/payments/ports.ts';

const CACHE_MS = 5 * 60 * 1000;

/**
 * The CMI store key from Secrets Manager, cached for five minutes per container so a rotation is
 * picked up without a deploy. The value is never logged or returned.
 */
export class SecretsManagerProvider implements SecretProvider {
  private readonly client: SecretsManagerClient;
  private readonly secretId: string;
  private cached?: { value: string; until: number };

  constructor(client: SecretsManagerClient, secretId: string) {
    this.client = client;
    this.secretId = secretId;
  }

  async storeKey(): Promise<string> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.value;
    const { SecretString } = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    if (!SecretString) throw new Error('The gateway store key secret is empty.');
    this.cached = { value: SecretString, until: Date.now() + CACHE_MS };
    return SecretString;
  }
}
