import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { TREASURY } from '../../domain/payments/beneficiaries.ts';
import type { MerchantAccount, SecretProvider } from '../../domain/payments/ports.ts';

const CACHE_MS = 5 * 60 * 1000;

/**
 * The CMI store key from Secrets Manager, cached for five minutes per container so a rotation is
 * picked up without a deploy. The value is never logged or returned.
 */
export class SecretsManagerProvider implements SecretProvider {
  private readonly client: SecretsManagerClient;
  private readonly secretId: string;
  private readonly treasury: { clientId: string; merchantSecretPrefix: string };
  private cached?: { value: string; until: number };
  /** One read in flight at a time: 50 concurrent callbacks on a cold container share it. */
  private loading?: Promise<string>;
  private readonly merchants = new Map<string, { value: MerchantAccount; until: number }>();

  /**
   * `secretId`: the treasury's store key; `treasury.clientId`: its merchant id; other beneficiaries'
   * accounts are the JSON secrets `{clientId, storeKey}` named `<merchantSecretPrefix><id>`.
   */
  constructor(
    client: SecretsManagerClient,
    secretId: string,
    treasury: { clientId: string; merchantSecretPrefix: string } = { clientId: '', merchantSecretPrefix: '' },
  ) {
    this.client = client;
    this.secretId = secretId;
    this.treasury = treasury;
  }

  async clientId(beneficiary: string): Promise<string> {
    return beneficiary === TREASURY ? this.treasury.clientId : (await this.merchant(beneficiary)).clientId;
  }

  async merchant(beneficiary: string): Promise<MerchantAccount> {
    if (beneficiary === TREASURY)
      return { clientId: this.treasury.clientId, storeKey: await this.storeKey() };
    const hit = this.merchants.get(beneficiary);
    if (hit && hit.until > Date.now()) return hit.value;
    if (!this.treasury.merchantSecretPrefix || !/^[A-Z][A-Z0-9_]{2,39}$/.test(beneficiary))
      throw new Error(`No merchant account for ${beneficiary}.`);
    const { SecretString } = await this.client.send(
      new GetSecretValueCommand({ SecretId: `${this.treasury.merchantSecretPrefix}${beneficiary}` }),
    );
    const parsed = JSON.parse(SecretString ?? '{}') as Partial<MerchantAccount>;
    if (!parsed.clientId || !parsed.storeKey)
      throw new Error(`The merchant secret of ${beneficiary} is incomplete.`);
    const value = { clientId: parsed.clientId, storeKey: parsed.storeKey };
    this.merchants.set(beneficiary, { value, until: Date.now() + CACHE_MS });
    return value;
  }

  async storeKey(): Promise<string> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.value;
    this.loading ??= this.client
      .send(new GetSecretValueCommand({ SecretId: this.secretId }))
      .then(({ SecretString }) => {
        if (!SecretString) throw new Error('The gateway store key secret is empty.');
        this.cached = { value: SecretString, until: Date.now() + CACHE_MS };
        return SecretString;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
