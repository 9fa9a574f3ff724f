import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import { session } from '../auth/session.ts';
import { describedBy, ErrorPanel, ErrorSummary, Field, Loaded, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { dateTime } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { bearer } from '../workspace/auth.ts';
import { SignedOut } from '../workspace/SignedOut.tsx';
import { ConfirmButton, Done } from './common.tsx';
import { type Place, PlacePicker } from './PlacePicker.tsx';
import type { SigningKey } from './SigningKey.tsx';
import { checkPerson, emptyPerson, PersonFields } from './StaffForm.tsx';

const FINAL = ['REVOKED', 'EXPIRED'];

/**
 * The ministry's signing keys of a commune: issue one for a signatory (the PIN goes to the person
 * alone), send it to the province contact (tracking number), unlock a locked key with a new PIN,
 * revoke a key. Every action asks first and shows the key's state the server recorded.
 */
export default function MinistryKeys() {
  const [place, setPlace] = useState<Place>({ regionId: '', provinceId: '', communeId: '' });
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<unknown>();
  const communeId = place.communeId;
  const keys = useResource(async () => {
    if (!communeId) return [] as SigningKey[];
    return (
      await unwrap(api().GET('/signing-keys', { params: { query: { communeId } }, headers: await bearer() }))
    ).keys;
  }, [communeId, attempt]);
  if (!session.value) return <SignedOut title={t('bo.mkeys.title')} />;
  /** Runs one key action and reports the state the server answered. */
  async function act(run: () => Promise<SigningKey>) {
    setError(undefined);
    setDone(undefined);
    try {
      const k = await run();
      setDone(
        t('bo.mkeys.done', {
          name: `${k.firstName} ${k.lastName}`,
          status: t(`bo.keyStatus.${k.status}` as Key),
        }),
      );
      setAttempt((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  }
  const idem = (what: string, keyId: string) => ({
    'idempotency-key': `${what}-${keyId}-${crypto.randomUUID()}`,
  });
  return (
    <Page title={t('bo.mkeys.title')}>
      <search class="filters">
        <PlacePicker prefix="mkeys" place={place} setPlace={setPlace} anyLabel={t('bo.choose')} />
      </search>
      {done && <Done testId="mkeys-done">{done}</Done>}
      {error !== undefined && <ErrorPanel error={error} />}
      {communeId && (
        <>
          <Loaded resource={keys}>
            {(list) => (
              <ul class="cards" data-testid="mkeys-list">
                {list.length === 0 && <li>{t('bo.keys.none')}</li>}
                {list.map((k) => (
                  <KeyRow
                    key={k.keyId}
                    k={k}
                    onHandOver={(trackingNumber) =>
                      act(async () =>
                        unwrap(
                          api().POST('/signing-keys/{keyId}/handover', {
                            params: { path: { keyId: k.keyId }, header: idem('handover', k.keyId) },
                            headers: await bearer(),
                            body: { trackingNumber },
                          }),
                        ),
                      )
                    }
                    onReset={() =>
                      act(async () =>
                        unwrap(
                          api().POST('/signing-keys/{keyId}/pin-reset', {
                            params: { path: { keyId: k.keyId }, header: idem('pin-reset', k.keyId) },
                            headers: await bearer(),
                          }),
                        ),
                      )
                    }
                    onRevoke={(reason) =>
                      act(async () =>
                        unwrap(
                          api().POST('/signing-keys/{keyId}/revocation', {
                            params: { path: { keyId: k.keyId }, header: idem('revocation', k.keyId) },
                            headers: await bearer(),
                            body: { reason },
                          }),
                        ),
                      )
                    }
                  />
                ))}
              </ul>
            )}
          </Loaded>
          <IssueForm communeId={communeId} onIssued={(k) => act(async () => k)} />
        </>
      )}
    </Page>
  );
}

function KeyRow({
  k,
  onHandOver,
  onReset,
  onRevoke,
}: {
  k: SigningKey;
  onHandOver: (trackingNumber: string) => void;
  onReset: () => void;
  onRevoke: (reason: string) => void;
}) {
  const l = lang.value;
  const [tracking, setTracking] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const name = `${k.firstName} ${k.lastName}`;
  const trackingField = `tracking-${k.keyId}`;
  const reasonField = `revoke-reason-${k.keyId}`;
  return (
    <li class="panel" data-key={k.keyId} data-status={k.status}>
      <h2>{name}</h2>
      <p>
        {k.title} — {t(`bo.keyStatus.${k.status}` as Key)}{' '}
        <span class="muted">({dateTime(k.issuedAt, l)})</span>
      </p>
      {k.status === 'ISSUED' && (
        <div class="actions">
          <Field
            name={trackingField}
            label={t('bo.mkeys.tracking')}
            hint={t('bo.mkeys.trackingHint')}
            error={errors[trackingField]}
          >
            <input
              id={`f-${trackingField}`}
              dir="ltr"
              value={tracking}
              aria-invalid={errors[trackingField] ? true : undefined}
              aria-describedby={describedBy(trackingField, t('bo.mkeys.trackingHint'), errors[trackingField])}
              onInput={(e) => setTracking((e.target as HTMLInputElement).value.toUpperCase())}
            />
          </Field>
          <ConfirmButton
            id={`handover-${k.keyId}`}
            label={t('bo.mkeys.handOver')}
            question={t('bo.mkeys.confirmHandOver', { name })}
            consequence={t('bo.mkeys.consequenceHandOver')}
            onConfirm={() => {
              const ok = /^[A-Z0-9-]{8,40}$/.test(tracking.trim());
              setErrors(ok ? {} : { [trackingField]: t('bo.mkeys.trackingInvalid') });
              if (ok) onHandOver(tracking.trim());
            }}
          />
        </div>
      )}
      {k.status === 'LOCKED' && (
        <ConfirmButton
          id={`reset-${k.keyId}`}
          label={t('bo.mkeys.reset')}
          question={t('bo.mkeys.confirmReset', { name })}
          consequence={t('bo.mkeys.consequenceReset')}
          onConfirm={onReset}
        />
      )}
      {!FINAL.includes(k.status) && (
        <div class="actions">
          <Field name={reasonField} label={t('bo.mkeys.revokeReason')} error={errors[reasonField]}>
            <input
              id={`f-${reasonField}`}
              value={reason}
              aria-invalid={errors[reasonField] ? true : undefined}
              aria-describedby={describedBy(reasonField, undefined, errors[reasonField])}
              onInput={(e) => setReason((e.target as HTMLInputElement).value)}
            />
          </Field>
          <ConfirmButton
            id={`revoke-${k.keyId}`}
            secondary
            label={t('bo.mkeys.revoke')}
            question={t('bo.mkeys.confirmRevoke', { name })}
            consequence={t('bo.mkeys.consequenceRevoke')}
            onConfirm={() => {
              const ok = reason.trim().length >= 3;
              setErrors(ok ? {} : { [reasonField]: t('form.required') });
              if (ok) onRevoke(reason.trim());
            }}
          />
        </div>
      )}
    </li>
  );
}

/** A key for one signatory of the commune (president or delegate); the API creates their account if needed. */
function IssueForm({ communeId, onIssued }: { communeId: string; onIssued: (k: SigningKey) => void }) {
  const l = lang.value;
  const [values, setValues] = useState<Record<string, string>>({
    ...emptyPerson(),
    cin: '',
    mandate: 'president',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = (k: string, v: string) => setValues((x) => ({ ...x, [k]: v }));
  function check() {
    const problems = checkPerson(values, 'issue', ['cin']);
    if (values.cin?.trim() && !/^[A-Z]{1,2}\d{1,6}$/.test(values.cin.trim().toUpperCase()))
      problems['issue-cin'] = t('bo.mkeys.cinInvalid');
    setErrors(problems);
    return Object.keys(problems).length === 0;
  }
  async function send() {
    setBusy(true);
    setError(undefined);
    try {
      const v = (k: string) => (values[k] ?? '').trim();
      const answer = await unwrap(
        api().POST('/signing-keys', {
          params: {
            header: {
              'idempotency-key': `issue-${communeId}-${v('cin').toUpperCase()}-${crypto.randomUUID()}`,
            },
          },
          headers: await bearer(),
          body: {
            signatories: [
              {
                firstName: v('firstName'),
                lastName: v('lastName'),
                cin: v('cin').toUpperCase(),
                phone: v('phone'),
                email: v('email').toLowerCase(),
                communeId,
                mandate: v('mandate') as 'president' | 'delegate',
                title: v('title'),
                preferredLanguage: l,
              },
            ],
          },
        }),
      );
      const issued = answer.keys[0];
      if (issued) onIssued(issued);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const labels: Record<string, string> = {
    'issue-firstName': t('bo.person.firstName'),
    'issue-lastName': t('bo.person.lastName'),
    'issue-title': t('bo.person.title'),
    'issue-phone': t('bo.person.phone'),
    'issue-email': t('bo.person.email'),
    'issue-cin': t('bo.pros.cin'),
  };
  return (
    <section aria-labelledby="issue-title">
      <h2 id="issue-title">{t('bo.mkeys.issue')}</h2>
      <ErrorSummary errors={errors} labels={labels} />
      <form noValidate onSubmit={(e) => e.preventDefault()}>
        <Field name="issue-mandate" label={t('bo.mkeys.mandate')}>
          <select
            id="f-issue-mandate"
            value={values.mandate}
            onChange={(e) => set('mandate', (e.target as HTMLSelectElement).value)}
          >
            <option value="president">{t('bo.mkeys.mandate.president')}</option>
            <option value="delegate">{t('bo.mkeys.mandate.delegate')}</option>
          </select>
        </Field>
        <PersonFields prefix="issue" values={values} errors={errors} set={set} />
        <Field name="issue-cin" label={t('bo.pros.cin')} error={errors['issue-cin']}>
          <input
            id="f-issue-cin"
            dir="ltr"
            value={values.cin}
            aria-invalid={errors['issue-cin'] ? true : undefined}
            aria-describedby={describedBy('issue-cin', undefined, errors['issue-cin'])}
            onInput={(e) => set('cin', (e.target as HTMLInputElement).value)}
          />
        </Field>
        <ConfirmButton
          id="issue-send"
          label={t('bo.mkeys.issueSubmit')}
          question={t('bo.mkeys.confirmIssue')}
          consequence={t('bo.mkeys.consequenceIssue')}
          disabled={busy}
          onConfirm={() => check() && void send()}
        />
      </form>
      {error !== undefined && <ErrorPanel error={error} />}
    </section>
  );
}
