import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { groupedSecret, otpauthUri } from '../lib/totp-format.ts';
import { describedBy, Field } from './ui.tsx';

/** The new secret as a QR code for an authenticator app, and in text for typing it by hand. */
export function TotpSecret({ secret, account }: { secret: string; account: string }) {
  const [qr, setQr] = useState<string>();
  const uri = otpauthUri(secret, account);
  useEffect(() => {
    let live = true;
    void import('qrcode')
      .then((m) => m.toDataURL(uri, { margin: 1, width: 200 }))
      .then((url) => live && setQr(url))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [uri]);
  return (
    <section aria-labelledby="totp-secret-title" class="panel" data-testid="totp-secret">
      <h2 id="totp-secret-title">{t('totp.scanTitle')}</h2>
      <ol>
        <li>{t('totp.stepApp')}</li>
        <li>{t('totp.stepScan')}</li>
        <li>{t('totp.stepCode')}</li>
      </ol>
      {qr && <img src={qr} width={200} height={200} alt={t('totp.qrAlt')} data-testid="totp-qr" />}
      <p>{t('totp.secretLabel')}</p>
      <p>
        <code dir="ltr" data-testid="totp-secret-text" data-secret={secret}>
          {groupedSecret(secret)}
        </code>
      </p>
    </section>
  );
}

/** The 6-digit code field (one-time-code autocompletion, digits keyboard on phones). */
export function TotpCodeField({
  value,
  error,
  onInput,
}: {
  value: string;
  error?: string;
  onInput: (value: string) => void;
}) {
  return (
    <Field name="totpCode" label={t('totp.code')} hint={t('totp.codeHint')} error={error}>
      <input
        id="f-totpCode"
        name="totpCode"
        dir="ltr"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={9}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy('totpCode', 'hint', error)}
        onInput={(e) => onInput((e.target as HTMLInputElement).value)}
      />
    </Field>
  );
}
