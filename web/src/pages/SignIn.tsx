import { useState } from 'preact/hooks';
import { CognitoError } from '../auth/cognito.ts';
import { authErrorKey } from '../auth/errors.ts';
import { startSession } from '../auth/session.ts';
import { answerNewPassword, signInWithSrp } from '../auth/signin.ts';
import { answerMfaSetup, answerTotp, associateTotp, verifyTotp } from '../auth/totp.ts';
import { TotpCodeField, TotpSecret } from '../components/totp.tsx';
import { describedBy, ErrorSummary, Field, Page } from '../components/ui.tsx';
import { lang, t } from '../i18n/index.ts';
import { navigate, searchParam } from '../lib/router.ts';
import { isCode, typedCode } from '../lib/totp-format.ts';
import { href } from '../routes.ts';
import { afterSignIn } from '../workspace/model.ts';

type Step =
  | { kind: 'credentials' }
  | { kind: 'newPassword'; userId: string; session: string }
  /** SOFTWARE_TOKEN_MFA: the account has two-step verification; the app's code. */
  | { kind: 'totp'; userId: string; session: string }
  /** MFA_SETUP (a pool requiring MFA, not ours today): enrol during the sign-in itself. */
  | { kind: 'mfaSetup'; userId: string; session: string; secret: string };

export function PasswordFields({
  values,
  errors,
  onInput,
}: {
  values: Record<string, string>;
  errors: Record<string, string>;
  onInput: (name: string, value: string) => void;
}) {
  return (
    <>
      <Field
        name="newPassword"
        label={t('auth.newPassword')}
        hint={t('auth.passwordRules')}
        error={errors.newPassword}
      >
        <input
          id="f-newPassword"
          name="newPassword"
          type="password"
          dir="ltr"
          autoComplete="new-password"
          value={values.newPassword ?? ''}
          aria-invalid={errors.newPassword ? true : undefined}
          aria-describedby={describedBy('newPassword', 'hint', errors.newPassword)}
          onInput={(e) => onInput('newPassword', (e.target as HTMLInputElement).value)}
        />
      </Field>
      <Field name="confirmPassword" label={t('auth.confirmPassword')} error={errors.confirmPassword}>
        <input
          id="f-confirmPassword"
          name="confirmPassword"
          type="password"
          dir="ltr"
          autoComplete="new-password"
          value={values.confirmPassword ?? ''}
          aria-invalid={errors.confirmPassword ? true : undefined}
          aria-describedby={describedBy('confirmPassword', undefined, errors.confirmPassword)}
          onInput={(e) => onInput('confirmPassword', (e.target as HTMLInputElement).value)}
        />
      </Field>
    </>
  );
}

/** Checks a new password and its confirmation the way the pool's policy does (12+ characters: upper, lower, digit, symbol). */
export function checkNewPassword(values: Record<string, string>): Record<string, string> {
  const p = values.newPassword ?? '';
  const errors: Record<string, string> = {};
  if (p.length < 12 || !/[a-z]/.test(p) || !/[A-Z]/.test(p) || !/\d/.test(p) || !/[^A-Za-z0-9]/.test(p))
    errors.newPassword = t('auth.passwordRules');
  if (p !== (values.confirmPassword ?? '')) errors.confirmPassword = t('auth.passwordsDiffer');
  return errors;
}

/**
 * Sign-in with the platform's user pool (SRP), the new password asked at the first sign-in, and the
 * authenticator app's code of accounts with two-step verification (or its set-up, when Cognito asks).
 */
export default function SignIn() {
  const l = lang.value;
  const [step, setStep] = useState<Step>({ kind: 'credentials' });
  const [values, setValues] = useState<Record<string, string>>({ username: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const labels = {
    username: t('auth.username'),
    password: t('auth.password'),
    newPassword: t('auth.newPassword'),
    confirmPassword: t('auth.confirmPassword'),
    totpCode: t('totp.code'),
    form: '',
  };

  async function run(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } catch (e) {
      const key = authErrorKey(e);
      const field =
        step.kind === 'credentials' ? 'password' : step.kind === 'newPassword' ? 'newPassword' : 'totpCode';
      setErrors({
        [field]:
          key === 'auth.error.passwordPolicy' && e instanceof CognitoError
            ? `${t(key)} (${e.message})`
            : t(key),
      });
    } finally {
      setBusy(false);
    }
  }

  async function finish(username: string, answer: Awaited<ReturnType<typeof signInWithSrp>>) {
    if (answer.AuthenticationResult) {
      startSession(username, answer.AuthenticationResult);
      // Back where an expired session interrupted the user (their typed values are kept locally).
      navigate(afterSignIn(searchParam('next'), l));
      return;
    }
    if (answer.ChallengeName === 'NEW_PASSWORD_REQUIRED' && answer.Session) {
      setErrors({});
      setStep({ kind: 'newPassword', userId: answer.userId, session: answer.Session });
      return;
    }
    if (answer.ChallengeName === 'SOFTWARE_TOKEN_MFA' && answer.Session) {
      setErrors({});
      set('totpCode', '');
      setStep({ kind: 'totp', userId: answer.userId, session: answer.Session });
      return;
    }
    if (answer.ChallengeName === 'MFA_SETUP' && answer.Session) {
      const { SecretCode, Session } = await associateTotp({ session: answer.Session });
      setErrors({});
      set('totpCode', '');
      setStep({
        kind: 'mfaSetup',
        userId: answer.userId,
        session: Session ?? answer.Session,
        secret: SecretCode,
      });
      return;
    }
    throw new CognitoError('UnsupportedChallenge', answer.ChallengeName ?? 'none');
  }

  async function submitCredentials(e: Event) {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!values.username?.trim()) missing.username = t('form.required');
    if (!values.password) missing.password = t('form.required');
    setErrors(missing);
    if (Object.keys(missing).length) return;
    await run(
      async () =>
        await finish(
          values.username?.trim() as string,
          await signInWithSrp(values.username?.trim() as string, values.password as string),
        ),
    );
  }

  async function submitNewPassword(e: Event) {
    e.preventDefault();
    if (step.kind !== 'newPassword') return;
    const problems = checkNewPassword(values);
    setErrors(problems);
    if (Object.keys(problems).length) return;
    await run(async () => {
      const answer = await answerNewPassword(step.userId, step.session, values.newPassword as string);
      await finish(step.userId, { ...answer, userId: step.userId });
    });
  }

  async function submitCode(e: Event) {
    e.preventDefault();
    if (step.kind !== 'totp' && step.kind !== 'mfaSetup') return;
    const code = values.totpCode ?? '';
    if (!isCode(code)) {
      setErrors({ totpCode: t(code.trim() ? 'totp.codeFormat' : 'form.required') });
      return;
    }
    setErrors({});
    await run(async () => {
      if (step.kind === 'totp') {
        const answer = await answerTotp(step.userId, step.session, typedCode(code));
        await finish(step.userId, { ...answer, userId: step.userId });
        return;
      }
      const verified = await verifyTotp({ session: step.session }, typedCode(code));
      const answer = await answerMfaSetup(step.userId, verified.Session ?? step.session);
      await finish(step.userId, { ...answer, userId: step.userId });
    });
  }

  if (step.kind === 'totp' || step.kind === 'mfaSetup')
    return (
      <Page
        title={t(step.kind === 'totp' ? 'totp.signInTitle' : 'totp.setupTitle')}
        lead={t(step.kind === 'totp' ? 'totp.signInLead' : 'totp.setupLead')}
      >
        <ErrorSummary errors={errors} labels={labels} />
        {step.kind === 'mfaSetup' && <TotpSecret secret={step.secret} account={step.userId} />}
        <form onSubmit={submitCode} noValidate>
          <TotpCodeField
            value={values.totpCode ?? ''}
            error={errors.totpCode}
            onInput={(v) => set('totpCode', v)}
          />
          <button type="submit" class="button" disabled={busy}>
            {t('totp.confirm')}
          </button>
        </form>
      </Page>
    );

  if (step.kind === 'newPassword')
    return (
      <Page title={t('auth.newPasswordTitle')} lead={t('auth.newPasswordLead')}>
        <ErrorSummary errors={errors} labels={labels} />
        <form onSubmit={submitNewPassword} noValidate>
          <PasswordFields values={values} errors={errors} onInput={set} />
          <button type="submit" class="button" disabled={busy}>
            {t('auth.setPassword')}
          </button>
        </form>
      </Page>
    );

  return (
    <Page title={t('auth.signInTitle')} lead={t('auth.signInLead')}>
      {searchParam('totp') === 'on' && (
        <p class="panel panel-ok" role="status" data-testid="totp-enrolled">
          {t('totp.enrolledSignInAgain')}
        </p>
      )}
      <ErrorSummary errors={errors} labels={labels} />
      <form onSubmit={submitCredentials} noValidate>
        <Field name="username" label={labels.username} hint={t('auth.usernameHint')} error={errors.username}>
          <input
            id="f-username"
            name="username"
            dir="ltr"
            autoComplete="username"
            value={values.username}
            aria-invalid={errors.username ? true : undefined}
            aria-describedby={describedBy('username', 'hint', errors.username)}
            onInput={(e) => set('username', (e.target as HTMLInputElement).value)}
          />
        </Field>
        <Field name="password" label={labels.password} error={errors.password}>
          <input
            id="f-password"
            name="password"
            type="password"
            dir="ltr"
            autoComplete="current-password"
            value={values.password}
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={describedBy('password', undefined, errors.password)}
            onInput={(e) => set('password', (e.target as HTMLInputElement).value)}
          />
        </Field>
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>
            {t('auth.signIn')}
          </button>
          <a href={href('forgotPassword', l)}>{t('auth.forgot')}</a>
        </div>
      </form>
      <p>
        {t('auth.noAccount')} <a href={href('register', l)}>{t('nav.register')}</a>
      </p>
    </Page>
  );
}
