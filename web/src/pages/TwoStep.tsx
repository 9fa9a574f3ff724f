import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { authErrorKey } from '../auth/errors.ts';
import { idToken, session, signOut } from '../auth/session.ts';
import { associateTotp, enableTotp, verifyTotp } from '../auth/totp.ts';
import { TotpCodeField, TotpSecret } from '../components/totp.tsx';
import { ErrorSummary, Page } from '../components/ui.tsx';
import { lang, t } from '../i18n/index.ts';
import { navigate } from '../lib/router.ts';
import { isCode, typedCode } from '../lib/totp-format.ts';
import { href } from '../routes.ts';

/**
 * Turning on two-step verification, which ministry administrators and province contacts must have
 * before anything else (the API answers 403 `mfa-required` and the site brings them here): a new
 * secret for their authenticator app (QR code and text), a first code to prove it, then every
 * session of the account is ended (Cognito's GlobalSignOut for the refresh tokens, the API's
 * `DELETE /me/sessions` for the ID tokens) and they sign in again, now with a code.
 */
export default function TwoStep() {
  const l = lang.value;
  const [secret, setSecret] = useState<string>();
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const username = session.value?.username;

  useEffect(() => {
    if (!username) return;
    let live = true;
    void (async () => {
      await idToken(); // fresh tokens first
      const accessToken = session.value?.accessToken;
      if (!accessToken) return;
      const { SecretCode } = await associateTotp({ accessToken });
      if (live) setSecret(SecretCode);
    })().catch((e) => live && setErrors({ form: t(authErrorKey(e)) }));
    return () => {
      live = false;
    };
  }, [username]);

  if (!username)
    return (
      <Page title={t('totp.setupTitle')}>
        <div class="panel panel-warning" role="status">
          <p>{t('workspace.signedOut')}</p>
          <p>
            <a href={`${href('signIn', l)}?next=${encodeURIComponent(href('twoStep', l))}`}>
              {t('auth.signIn')}
            </a>
          </p>
        </div>
      </Page>
    );

  async function submit(e: Event) {
    e.preventDefault();
    if (!isCode(code)) {
      setErrors({ totpCode: t(code.trim() ? 'totp.codeFormat' : 'form.required') });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await idToken();
      const accessToken = session.value?.accessToken as string;
      const verified = await verifyTotp({ accessToken }, typedCode(code));
      if (verified.Status && verified.Status !== 'SUCCESS') throw new Error(verified.Status);
      await enableTotp(accessToken);
      // Every session of the account began without a code: end them all, this one too. GlobalSignOut
      // (in signOut) revokes the refresh tokens; the ID tokens already issued are refused by the API
      // from now on. Best effort, as signOut's: two-step verification is on either way.
      const token = await idToken();
      if (token)
        await api()
          .DELETE('/me/sessions', { headers: { authorization: `Bearer ${token}` } })
          .catch(() => undefined);
      await signOut();
      navigate(`${href('signIn', l)}?totp=on`);
    } catch (error) {
      const key = authErrorKey(error);
      setErrors({ totpCode: t(key === 'auth.error.generic' ? 'auth.error.code' : key) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('totp.setupTitle')} lead={t('totp.setupLead')}>
      <ErrorSummary errors={errors} labels={{ totpCode: t('totp.code'), form: '' }} />
      {secret ? (
        <>
          <TotpSecret secret={secret} account={username} />
          <form onSubmit={submit} noValidate>
            <TotpCodeField value={code} error={errors.totpCode} onInput={setCode} />
            <button type="submit" class="button" disabled={busy}>
              {t('totp.turnOn')}
            </button>
          </form>
        </>
      ) : (
        !errors.form && (
          <p class="loading" role="status">
            {t('common.loading')}
          </p>
        )
      )}
    </Page>
  );
}
