import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TotpEnrolment } from '../../domain/identity/mfa.ts';
import { MemoryCache } from '../memory-cache.ts';

/**
 * Reads an account's MFA settings with AdminGetUser (the function's grant allows nothing else on
 * the pool). Only a positive answer is kept (`ttlMs`, a minute per container in the stages): an
 * account that has just enrolled passes at once, and one that turns TOTP off is refused within
 * that minute (at once where the cache is off, the local stage). A deleted account is not enrolled.
 */
export class CognitoTotpEnrolment implements TotpEnrolment {
  private readonly client: CognitoIdentityProviderClient;
  private readonly userPoolId: string;
  private readonly enrolled: MemoryCache<true>;

  constructor(
    client: CognitoIdentityProviderClient,
    userPoolId: string,
    options: { ttlMs: number; now?: () => number },
  ) {
    this.client = client;
    this.userPoolId = userPoolId;
    this.enrolled = new MemoryCache<true>({ max: 1_000, ...options });
  }

  async enabled(username: string): Promise<boolean> {
    if (this.enrolled.get(username)) return true;
    let settings: string[];
    try {
      const user = await this.client.send(
        new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: username }),
      );
      settings = user.UserMFASettingList ?? [];
    } catch (error) {
      if ((error as Error).name === 'UserNotFoundException') return false;
      throw error;
    }
    const on = settings.includes('SOFTWARE_TOKEN_MFA');
    if (on) this.enrolled.set(username, true);
    return on;
  }
}
