import { randomBytes } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InvalidPasswordException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { conflict, DomainError } from '../../domain/errors.ts';
import type { IdentityProvider } from '../../domain/professionals/ports.ts';
import { awsClientConfig } from '../aws-config.ts';

export const cognitoClient = new CognitoIdentityProviderClient(awsClientConfig());

/** A temporary password meeting the pool policy; the user must change it at first sign-in. */
const temporaryPassword = () => `Tmp-${randomBytes(9).toString('base64url')}7a`;

/** Cognito adapter: accounts are created by the platform (self sign-up is off), never by the user pool UI. */
export class CognitoIdentityProvider implements IdentityProvider {
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
            { Name: 'email_verified', Value: 'true' },
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
    } catch (error) {
      if (error instanceof UsernameExistsException)
        throw conflict('This account already exists. Sign in instead.');
      if (error instanceof InvalidPasswordException) {
        await this.deleteUser(user.username).catch(() => undefined);
        throw new DomainError({
          type: 'validation',
          status: 400,
          title: 'Password refused',
          detail:
            'The password does not meet the policy: at least 12 characters with upper and lower case, a digit and a symbol.',
          details: { errors: [{ path: 'body.password', message: 'does not meet the password policy' }] },
        });
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

  /** A replaced province contact keeps their history but loses access. */
  async disableUser(username: string): Promise<void> {
    await this.client.send(new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: username }));
  }

  async deleteUser(username: string): Promise<void> {
    await this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: username }));
  }
}
