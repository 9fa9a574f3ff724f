import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.gen.ts';
import { describedBy, ErrorPanel, Field, Loaded } from '../components/ui.tsx';
import { type Key, t } from '../i18n/index.ts';
import { useResource } from '../lib/resource.ts';
import { bearer } from '../workspace/auth.ts';
import { Done } from './common.tsx';
import { attemptsLeft } from './rules.ts';

export type SigningKey =
  paths['/signing-keys']['get']['responses'][200]['content']['application/json']['keys'][number];

/**
 * The signed-in signatory's key in their commune, the way the API picks it for signing: not revoked
 * or expired, ACTIVE first. The API's refusals of a wrong PIN are identical on purpose; the count
 * of attempts comes from the key's own record, which its holder may read.
 */
export async function loadMyKey(): Promise<SigningKey | undefined> {
  const headers = await bearer();
  const me = await unwrap(api().GET('/me', { headers }));
  const { keys } = await unwrap(api().GET('/signing-keys', { params: { query: {} }, headers }));
  const own = keys.filter(
    (k) => k.signatoryUsername === me.username && k.status !== 'REVOKED' && k.status !== 'EXPIRED',
  );
  return own.find((k) => k.status === 'ACTIVE') ?? own[0];
}

/** What the key's state means for its holder: locked (who unlocks), waiting for delivery, PIN to change. */
export function KeyState({ signingKey }: { signingKey: SigningKey }) {
  const left = attemptsLeft(signingKey.failedAttempts);
  if (signingKey.status === 'LOCKED')
    return (
      <div class="panel panel-error" role="alert" data-testid="key-locked">
        <h3>{t('bo.key.locked')}</h3>
        <p>{t('bo.key.lockedWho')}</p>
      </div>
    );
  return (
    <p data-testid="key-state" data-status={signingKey.status}>
      {t(`bo.keyStatus.${signingKey.status}` as Key)}
      {signingKey.failedAttempts > 0 && (
        <strong class="error-text" data-testid="attempts-left">
          {' '}
          {t('bo.key.attemptsLeft', { n: left })}
        </strong>
      )}
    </p>
  );
}

/** The signatory's key panel: state, and the PIN change required once before the first signature. */
export function MyKey() {
  const [attempt, setAttempt] = useState(0);
  const key = useResource(loadMyKey, [attempt]);
  return (
    <section aria-labelledby="key-title" class="panel" data-testid="my-key">
      <h2 id="key-title">{t('bo.key.title')}</h2>
      <Loaded resource={key}>
        {(k) =>
          k ? (
            <>
              <KeyState signingKey={k} />
              {!k.pinChanged && ['DELIVERED_TO_COMMUNE', 'ACTIVE'].includes(k.status) && (
                <PinChange signingKey={k} onChanged={() => setAttempt((n) => n + 1)} />
              )}
            </>
          ) : (
            <p>{t('bo.key.none')}</p>
          )
        }
      </Loaded>
    </section>
  );
}

function PinChange({ signingKey, onChanged }: { signingKey: SigningKey; onChanged: () => void }) {
  const [values, setValues] = useState({ current: '', next: '', confirm: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!/^\d{6,8}$/.test(values.current)) problems['pin-current'] = t('bo.pin.format');
    if (!/^\d{6,8}$/.test(values.next)) problems['pin-new'] = t('bo.pin.format');
    else if (values.next !== values.confirm) problems['pin-confirm'] = t('bo.pin.mismatch');
    setErrors(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    setError(undefined);
    try {
      await unwrap(
        api().POST('/signing-keys/{keyId}/pin', {
          params: { path: { keyId: signingKey.keyId } },
          headers: await bearer(),
          body: { currentPin: values.current, newPin: values.next },
        }),
      );
      setDone(true);
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const input = (name: 'current' | 'next' | 'confirm', id: string, label: string, hint?: string) => (
    <Field name={id} label={label} hint={hint} error={errors[id]}>
      <input
        id={`f-${id}`}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        dir="ltr"
        value={values[name]}
        aria-invalid={errors[id] ? true : undefined}
        aria-describedby={describedBy(id, hint, errors[id])}
        onInput={(e) => setValues({ ...values, [name]: (e.target as HTMLInputElement).value.trim() })}
      />
    </Field>
  );
  return (
    <form onSubmit={submit} noValidate data-testid="pin-change">
      <h3>{t('bo.pin.title')}</h3>
      <p>{t('bo.pin.lead')}</p>
      {input('current', 'pin-current', t('bo.pin.current'), t('bo.pin.currentHint'))}
      {input('next', 'pin-new', t('bo.pin.new'), t('bo.pin.newHint'))}
      {input('confirm', 'pin-confirm', t('bo.pin.confirm'))}
      <button type="submit" class="button" disabled={busy}>
        {t('bo.pin.submit')}
      </button>
      {done && <Done testId="pin-changed">{t('bo.pin.done')}</Done>}
      {error !== undefined && <ErrorPanel error={error} />}
    </form>
  );
}
