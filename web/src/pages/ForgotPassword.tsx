import { useState } from 'preact/hooks';
import { authErrorKey } from '../auth/errors.ts';
import { confirmForgotPassword, forgotPassword } from '../auth/signin.ts';
import { describedBy, ErrorSummary, Field, Page } from '../components/ui.tsx';
import { lang, t } from '../i18n/index.ts';
import { searchParam } from '../lib/router.ts';
import { href } from '../routes.ts';
import { checkNewPassword, PasswordFields } from './SignIn.tsx';

/** Forgotten password: the e-mailed code, then a new password (ForgotPassword / ConfirmForgotPassword). */
export default function ForgotPassword() {
  const l = lang.value;
  const [step, setStep] = useState<'ask' | 'code' | 'done'>('ask');
  const [values, setValues] = useState<Record<string, string>>({
    username: searchParam('username') ?? '',
    code: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [destination, setDestination] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const labels = {
    username: t('auth.username'),
    code: t('auth.code'),
    newPassword: t('auth.newPassword'),
    confirmPassword: t('auth.confirmPassword'),
  };

  async function ask(e: Event) {
    e.preventDefault();
    if (!values.username?.trim()) {
      setErrors({ username: t('form.required') });
      return;
    }
    setBusy(true);
    try {
      const r = await forgotPassword(values.username.trim());
      setDestination(r.CodeDeliveryDetails?.Destination ?? '');
      setErrors({});
      setStep('code');
    } catch (err) {
      setErrors({ username: t(authErrorKey(err)) });
    } finally {
      setBusy(false);
    }
  }

  async function confirm(e: Event) {
    e.preventDefault();
    const problems = checkNewPassword(values);
    if (!values.code?.trim()) problems.code = t('form.required');
    setErrors(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      await confirmForgotPassword(
        values.username?.trim() as string,
        values.code?.trim() as string,
        values.newPassword as string,
      );
      setStep('done');
    } catch (err) {
      const key = authErrorKey(err);
      setErrors({
        [key === 'auth.error.code' || key === 'auth.error.codeExpired' ? 'code' : 'newPassword']: t(key),
      });
    } finally {
      setBusy(false);
    }
  }

  if (step === 'done')
    return (
      <Page title={t('auth.resetDoneTitle')}>
        <div class="panel panel-ok" role="status">
          <p>{t('auth.resetDone')}</p>
          <p>
            <a href={href('signIn', l)}>{t('auth.signIn')}</a>
          </p>
        </div>
      </Page>
    );

  return (
    <Page
      title={t('auth.forgotTitle')}
      lead={
        step === 'ask'
          ? t('auth.forgotLead')
          : t('auth.codeSent', { to: destination || values.username || '' })
      }
    >
      <ErrorSummary errors={errors} labels={labels} />
      {step === 'ask' ? (
        <form onSubmit={ask} noValidate>
          <Field
            name="username"
            label={labels.username}
            hint={t('auth.usernameHint')}
            error={errors.username}
          >
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
          <button type="submit" class="button" disabled={busy}>
            {t('auth.sendCode')}
          </button>
        </form>
      ) : (
        <form onSubmit={confirm} noValidate>
          <Field name="code" label={labels.code} hint={t('auth.codeHint')} error={errors.code}>
            <input
              id="f-code"
              name="code"
              dir="ltr"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={values.code}
              aria-invalid={errors.code ? true : undefined}
              aria-describedby={describedBy('code', 'hint', errors.code)}
              onInput={(e) => set('code', (e.target as HTMLInputElement).value)}
            />
          </Field>
          <PasswordFields values={values} errors={errors} onInput={set} />
          <div class="actions">
            <button type="submit" class="button" disabled={busy}>
              {t('auth.setPassword')}
            </button>
            <button type="button" class="button button-secondary" onClick={() => setStep('ask')}>
              {t('auth.resend')}
            </button>
          </div>
        </form>
      )}
    </Page>
  );
}
