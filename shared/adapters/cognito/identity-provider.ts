import { randomBytes } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  AliasExistsException,
  type CognitoIdentityProviderClient,
  InvalidPasswordException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { conflict } from '../../domain/errors.ts';
import { passwordRefused } from '../../domain/identity/principal.ts';
import type { IdentityProvider } from '../../domain/professionals/ports.ts';
import type { StaffDirectory } from '../../domain/rollout/ports.ts';
import { optionalEnv } from '../../environment.ts';

/** A temporary password meeting the pool policy; the user must change it at first sign-in. */
const temporaryPassword = () => `Tmp-${randomBytes(9).toString('base64url')}7a`;

/** Cognito adapter: accounts are created by the platform (self sign-up is off), never by the user pool UI. */
export class CognitoIdentityProvider implements IdentityProvider, StaffDirectory {
  private readonly client: CognitoIdentityProviderClient;
  private readonly userPoolId: string;

  constructor(client: CognitoIdentityProviderClient, userPoolId: string) {
    this.client = client;
    this.userPoolId = userPoolId;
  }

  async createUser(user: {
    username: string;
    email: string;
    phone?: string;
    password?: string;
    group: string;
    attributes?: Record<string, string>;
    emailVerified?: boolean;
    disabled?: boolean;
  }): Promise<{ temporaryPassword?: string }> {
    const temporary = user.password ? undefined : temporaryPassword();
    try {
      await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: user.username,
          MessageAction: 'SUPPRESS',
          ...(temporary ? { TemporaryPassword: temporary } : {}),
          UserAttributes: [
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: user.emailVerified === false ? 'false' : 'true' },
            ...(user.phone ? [{ Name: 'phone_number', Value: user.phone }] : []),
            ...Object.entries(user.attributes ?? {}).map(([Name, Value]) => ({ Name, Value })),
          ],
        }),
      );
      if (user.password) {
        await this.client.send(
          new AdminSetUserPasswordCommand({
            UserPoolId: this.userPoolId,
            Username: user.username,
            Password: user.password,
            Permanent: true,
          }),
        );
      }
      await this.client.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: this.userPoolId,
          Username: user.username,
          GroupName: user.group,
        }),
      );
      if (user.disabled) await this.disableUser(user.username);
    } catch (error) {
      if (error instanceof UsernameExistsException)
        throw conflict('This account already exists. Sign in instead.');
      if (error instanceof InvalidPasswordException) {
        await this.deleteUser(user.username).catch(() => undefined);
        throw passwordRefused();
      }
      throw error;
    }
    return temporary ? { temporaryPassword: temporary } : {};
  }

  async userExists(username: string): Promise<boolean> {
    try {
      await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: username }));
      return true;
    } catch (error) {
      if (error instanceof UserNotFoundException) return false;
      throw error;
    }
  }

  async confirmEmail(username: string): Promise<void> {
    await this.client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: this.userPoolId,
        Username: username,
        UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
      }),
    );
    await this.enableUser(username);
  }

  /** A replaced province contact keeps their history but loses access. */
  async disableUser(username: string): Promise<void> {
    await this.client.send(new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: username }));
  }

  async deleteUser(username: string): Promise<void> {
    await this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: username }));
  }

  /**
   * A civil servant: Cognito sends nothing (the platform's own e-mail carries the temporary
   * password, in the person's language); the account is in FORCE_CHANGE_PASSWORD until first sign-in.
   */
  async createStaffUser(user: {
    username: string;
    email: string;
    phone: string;
    givenName: string;
    familyName: string;
    groups: readonly string[];
    attributes: Record<string, string | undefined>;
  }): Promise<{ temporaryPassword: string }> {
    const temporary = temporaryPassword();
    try {
      await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: user.username,
          MessageAction: 'SUPPRESS',
          TemporaryPassword: temporary,
          UserAttributes: [
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'phone_number', Value: user.phone },
            { Name: 'given_name', Value: user.givenName },
            { Name: 'family_name', Value: user.familyName },
            ...Object.entries(user.attributes)
              .filter((entry): entry is [string, string] => Boolean(entry[1]))
              .map(([Name, Value]) => ({ Name, Value })),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof UsernameExistsException || error instanceof AliasExistsException)
        throw conflict(`A user with the e-mail ${user.email} already exists in the user pool.`);
      throw error;
    }
    try {
      for (const group of user.groups) {
        await this.client.send(
          new AdminAddUserToGroupCommand({
            UserPoolId: this.userPoolId,
            Username: user.username,
            GroupName: group,
          }),
        );
      }
    } catch (error) {
      await this.deleteUser(user.username).catch(() => undefined);
      throw error;
    }
    return { temporaryPassword: temporary };
  }

  /** New attributes (absent scope fields are removed from the user) and group changes. */
  async updateStaffUser(
    username: string,
    change: {
      attributes: Record<string, string | undefined>;
      addGroups: readonly string[];
      removeGroups: readonly string[];
    },
  ): Promise<void> {
    const entries = Object.entries(change.attributes);
    const set = entries.filter((entry): entry is [string, string] => Boolean(entry[1]));
    const removed = entries.filter(([, value]) => !value).map(([name]) => name);
    await this.client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: this.userPoolId,
        Username: username,
        UserAttributes: [
          ...set.map(([Name, Value]) => ({ Name, Value })),
          ...(set.some(([name]) => name === 'email') ? [{ Name: 'email_verified', Value: 'true' }] : []),
        ],
      }),
    );
    if (removed.length > 0) {
      try {
        await this.client.send(
          new AdminDeleteUserAttributesCommand({
            UserPoolId: this.userPoolId,
            Username: username,
            UserAttributeNames: removed,
          }),
        );
      } catch (error) {
        // The local emulator (MiniStack 1.5.33) lacks AdminDeleteUserAttributes: there only, blank
        // the attributes instead (claims treat a blank scope as absent). See docs/local-cloud.md.
        if ((error as Error).name !== 'InvalidAction' || optionalEnv('STAGE') !== 'local') throw error;
        await this.client.send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: this.userPoolId,
            Username: username,
            UserAttributes: removed.map((Name) => ({ Name, Value: '' })),
          }),
        );
      }
    }
    for (const group of change.addGroups)
      await this.client.send(
        new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: group }),
      );
    for (const group of change.removeGroups)
      await this.client.send(
        new AdminRemoveUserFromGroupCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          GroupName: group,
        }),
      );
  }

  /** No new sign-in (disabled) and no new tokens from refresh tokens (global sign-out revokes them). */
  async suspendUser(username: string): Promise<void> {
    await this.disableUser(username);
    await this.signOutEverywhere(username);
  }

  async signOutEverywhere(username: string): Promise<void> {
    await this.client.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: username }),
    );
  }

  async enableUser(username: string): Promise<void> {
    await this.client.send(new AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: username }));
  }
}
