import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import { session } from '../auth/session.ts';
import { ErrorPanel, Field, Loaded, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { dateTime, named } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { bearer } from '../workspace/auth.ts';
import { SignedOut } from '../workspace/SignedOut.tsx';
import { ConfirmButton, Done } from './common.tsx';
import { RolloutBoard } from './RolloutBoard.tsx';
import type { SigningKey } from './SigningKey.tsx';
import { StaffForm } from './StaffForm.tsx';
import { StaffList } from './StaffList.tsx';

async function loadProvince() {
  const headers = await bearer();
  const me = await unwrap(api().GET('/me', { headers }));
  const provinceId = me.scope.provinceId as string;
  const [places, contact] = await Promise.all([
    unwrap(api().GET('/geo/provinces/{provinceId}/communes', { params: { path: { provinceId } } })),
    unwrap(api().GET('/provinces/{provinceId}/contact', { params: { path: { provinceId } }, headers })).catch(
      () => undefined,
    ),
  ]);
  return { me, provinceId, places, contact };
}

/**
 * The province contact: their designation, the staff accounts of their province (create, suspend,
 * reactivate), the signing keys sent to them to hand over (delivery confirmation), and the
 * province's rollout board.
 */
export default function Province() {
  const l = lang.value;
  const data = useResource(loadProvince, [session.value?.username]);
  const [staffAttempt, setStaffAttempt] = useState(0);
  if (!session.value) return <SignedOut title={t('bo.province.title')} />;
  return (
    <Page title={t('bo.province.title')}>
      <Loaded resource={data}>
        {(d) => {
          const communes = d.places.communes.map((c) => ({ id: c.id, label: named(c, l) }));
          const current = d.contact?.current;
          return (
            <>
              <p class="lead" data-testid="designation">
                {named(d.places.province, l)}
                {current?.username === d.me.username &&
                  ` — ${t('bo.province.designated', { date: dateTime(current.designatedAt, l) })}`}
              </p>
              <section aria-labelledby="staff-title">
                <h2 id="staff-title">{t('bo.staff.title')}</h2>
                <StaffList query={{ provinceId: d.provinceId }} attempt={staffAttempt} />
                <StaffForm
                  provinceId={d.provinceId}
                  communes={communes}
                  onCreated={() => setStaffAttempt((n) => n + 1)}
                />
              </section>
              <Keys communes={communes} />
              <RolloutBoard />
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}

/** The keys of a commune of the province; the ones sent to this contact can be confirmed as handed over. */
function Keys({ communes }: { communes: { id: string; label: string }[] }) {
  const l = lang.value;
  const [communeId, setCommuneId] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<unknown>();
  const keys = useResource(async () => {
    if (!communeId) return [] as SigningKey[];
    const answer = await unwrap(
      api().GET('/signing-keys', { params: { query: { communeId } }, headers: await bearer() }),
    );
    return answer.keys;
  }, [communeId, attempt]);
  async function deliver(k: SigningKey) {
    setError(undefined);
    setDone(undefined);
    try {
      await unwrap(
        api().POST('/signing-keys/{keyId}/delivery', {
          params: { path: { keyId: k.keyId } },
          headers: await bearer(),
          body: {},
        }),
      );
      setDone(t('bo.keys.delivered', { name: `${k.firstName} ${k.lastName}` }));
      setAttempt((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section aria-labelledby="keys-title" data-testid="keys">
      <h2 id="keys-title">{t('bo.keys.title')}</h2>
      <Field name="keys-commune" label={t('common.commune')}>
        <select
          id="f-keys-commune"
          value={communeId}
          onChange={(e) => setCommuneId((e.target as HTMLSelectElement).value)}
        >
          <option value="">{t('bo.choose')}</option>
          {communes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>
      {done && <Done testId="key-delivered">{done}</Done>}
      {error !== undefined && <ErrorPanel error={error} />}
      <Loaded resource={keys}>
        {(list) =>
          communeId && (
            <ul>
              {list.length === 0 && <li>{t('bo.keys.none')}</li>}
              {list.map((k) => (
                <li key={k.keyId} data-key={k.keyId} data-status={k.status}>
                  <strong>
                    {k.firstName} {k.lastName}
                  </strong>{' '}
                  — {t(`bo.keyStatus.${k.status}` as Key)}{' '}
                  <span class="muted">({dateTime(k.issuedAt, l)})</span>
                  {k.status === 'HANDED_TO_CONTACT' && (
                    <ConfirmButton
                      id={`deliver-${k.keyId}`}
                      label={t('bo.keys.deliver')}
                      question={t('bo.keys.confirm', { name: `${k.firstName} ${k.lastName}` })}
                      consequence={t('bo.keys.consequence')}
                      onConfirm={() => void deliver(k)}
                    />
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}
