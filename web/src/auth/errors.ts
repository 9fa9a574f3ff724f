import type { Key } from '../i18n/index.ts';
import { CognitoError } from './cognito.ts';

/** Cognito's error codes in words (unknown user and wrong password read the same, on purpose). */
export function authErrorKey(e: unknown): Key {
  const code = e instanceof CognitoError ? e.code : '';
  switch (code) {
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
      return 'auth.error.credentials';
    case 'InvalidPasswordException':
      return 'auth.error.passwordPolicy';
    case 'CodeMismatchException':
      return 'auth.error.code';
    case 'ExpiredCodeException':
      return 'auth.error.codeExpired';
    case 'LimitExceededException':
    case 'TooManyRequestsException':
    case 'TooManyFailedAttemptsException':
      return 'auth.error.tooMany';
    case 'PasswordResetRequiredException':
      return 'auth.error.resetRequired';
    case 'UserNotConfirmedException':
      return 'auth.error.notConfirmed';
    case 'NetworkError':
      return 'error.unreachable';
    default:
      return 'auth.error.generic';
  }
}
