import { useState } from 'preact/hooks';
import { ApiError, api, unwrap } from '../api/client.ts';
import { describedBy, ErrorPanel, Field } from '../components/ui.tsx';
import { lang, t } from '../i18n/index.ts';
import { labelled } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { href } from '../paths.ts';
import { bearer } from '../workspace/auth.ts';
import { downloadPdf } from '../workspace/download.ts';
import { type Application, applicantLabel, type Procedure } from '../workspace/model.ts';
import { ConfirmButton } from './common.tsx';
import { KeyState, loadMyKey } from './SigningKey.tsx';

/**
 * The signatory's panel on a paid file: what the permit will say (the preview: procedure, commune,
 * holder, parcel, the decision's conditions; the number is given at signing), their key's state,
 * and signing with the PIN. A refused PIN reloads the key, whose record counts the failures: the
 * page says how many attempts are left, and who can unlock a locked key.
 */
export function SignPanel({
  app,
  procedure,
  communeName,
  onChanged,
}: {
  app: Application;
  procedure: Procedure | undefined;
  communeName: string;
  onChanged: (next: Application) => void;
}) {
  const l = lang.value;
  const [attempt, setAttempt] = useState(0);
  const key = useResource(loadMyKey, [attempt]);
  const [pin, setPin] = useState('');
  const [pinError, setPinError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (app.status !== 'PAID') return null;
  async function sign() {
    if (!/^\d{6,8}$/.test(pin)) {
      setPinError(t('bo.pin.format'));
      return;
    }
    setPinError(undefined);
    setBusy(true);
    setError(undefined);
    try {
      await unwrap(
        api().POST('/applications/{applicationId}/permit', {
          params: { path: { applicationId: app.id } },
          headers: await bearer(),
          body: { pin },
        }),
      );
      const next = await unwrap(
        api().GET('/applications/{applicationId}', {
          params: { path: { applicationId: app.id } },
          headers: await bearer(),
        }),
      );
      onChanged(next as Application);
    } catch (e) {
      setError(e);
      setPin('');
      if (e instanceof ApiError && (e.status === 403 || e.status === 409)) setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }
  /** The PDF as it will be signed, marked unsigned: read before giving the PIN. */
  async function preview() {
    setError(undefined);
    try {
      await downloadPdf(
        `/applications/${encodeURIComponent(app.id)}/permit/preview`,
        `apercu-${app.receiptNumber?.replaceAll('/', '-') ?? app.id}.pdf`,
      );
    } catch (e) {
      setError(e);
    }
  }
  const k = key.status === 'ok' ? key.data : undefined;
  const wrongPin = error instanceof ApiError && error.status === 403;
  return (
    <section aria-labelledby="sign-title" class="panel panel-todo" data-testid="sign-panel">
      <h2 id="sign-title">{t('bo.sign.title')}</h2>
      <h3>{t('bo.sign.preview')}</h3>
      <dl class="facts" data-testid="permit-preview">
        <dt>{t('wizard.procedure')}</dt>
        <dd>{procedure ? labelled(procedure, l) : app.procedureCode}</dd>
        <dt>{t('common.commune')}</dt>
        <dd>{communeName}</dd>
        <dt>{t('bo.sign.holder')}</dt>
        <dd>{applicantLabel(app.applicant)}</dd>
        <dt>{t('wizard.parcel')}</dt>
        <dd>
          <bdi>{app.parcel.landTitle}</bdi> — {app.parcel.address}
        </dd>
        <dt>{t('bo.sign.conditions')}</dt>
        <dd>
          {app.decision?.conditions?.length ? (
            <ul>
              {app.decision.conditions.map((c) => (
                <li key={c}>
                  <bdi lang="">{c}</bdi>
                </li>
              ))}
            </ul>
          ) : (
            t('bo.sign.noConditions')
          )}
        </dd>
        <dt>{t('bo.sign.number')}</dt>
        <dd>{t('bo.sign.numberAtSigning')}</dd>
      </dl>
      <p>
        <button
          type="button"
          class="button button-secondary"
          data-testid="permit-preview-pdf"
          onClick={preview}
        >
          {t('bo.sign.previewPdf')}
        </button>
      </p>
      {k && <KeyState signingKey={k} />}
      {k && !k.pinChanged && k.status !== 'LOCKED' && (
        <p class="panel panel-warning" data-testid="pin-first">
          {t('bo.sign.changePinFirst')} <a href={href('signature', l)}>{t('bo.signature.title')}</a>
        </p>
      )}
      {wrongPin && (
        <p class="error-text" role="alert" data-testid="wrong-pin">
          {t('bo.sign.wrongPin')}
        </p>
      )}
      {error !== undefined && !wrongPin && <ErrorPanel error={error} />}
      {k?.status === 'ACTIVE' && k.pinChanged && (
        <form noValidate onSubmit={(e) => e.preventDefault()}>
          <Field name="sign-pin" label={t('bo.sign.pin')} hint={t('bo.sign.pinHint')} error={pinError}>
            <input
              id="f-sign-pin"
              type="password"
              inputMode="numeric"
              autoComplete="off"
              dir="ltr"
              value={pin}
              aria-invalid={pinError ? true : undefined}
              aria-describedby={describedBy('sign-pin', t('bo.sign.pinHint'), pinError)}
              onInput={(e) => setPin((e.target as HTMLInputElement).value.trim())}
            />
          </Field>
          <ConfirmButton
            id="sign-send"
            label={t('bo.sign.submit')}
            question={t('bo.sign.confirm')}
            consequence={t('bo.sign.consequence')}
            disabled={busy}
            onConfirm={() => void sign()}
          />
        </form>
      )}
    </section>
  );
}
