import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import { session } from '../auth/session.ts';
import { ErrorPanel, Field, Loaded, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { dateTime, named } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { bearer } from '../workspace/auth.ts';
import { SignedOut } from '../workspace/SignedOut.tsx';
import { ConfirmButton, Done, Pager, useCursorPages } from './common.tsx';
import { RolloutBoard } from './RolloutBoard.tsx';
import type { SigningKey } from './SigningKey.tsx';
import { StaffForm } from './StaffForm.tsx';

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
                <StaffList provinceId={d.provinceId} attempt={staffAttempt} />
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

function StaffList({ provinceId, attempt }: { provinceId: string; attempt: number }) {
  const pages = useCursorPages(String(attempt));
  const [changed, setChanged] = useState(0);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const list = useResource(
    async () =>
      unwrap(
        api().GET('/staff', {
          params: { query: { provinceId, limit: 20, ...(pages.cursor ? { cursor: pages.cursor } : {}) } },
          headers: await bearer(),
        }),
      ),
    [provinceId, pages.cursor, attempt, changed],
  );
  async function toggle(username: string, suspend: boolean) {
    setError(undefined);
    setDone(undefined);
    try {
      const path = { username };
      const headers = await bearer();
      const account = suspend
        ? await unwrap(
            api().POST('/staff/{username}/suspension', {
              params: { path },
              headers,
              body: { reason: 'Suspension' },
            }),
          )
        : await unwrap(api().POST('/staff/{username}/reactivation', { params: { path }, headers, body: {} }));
      setDone(t('bo.staff.nowStatus', { username, status: t(`bo.staffStatus.${account.status}` as Key) }));
      setChanged((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <>
      {done && <Done testId="staff-changed">{done}</Done>}
      {error !== undefined && <ErrorPanel error={error} />}
      <Loaded resource={list}>
        {(d) => (
          <>
            <div class="table-wrap">
              <table data-testid="staff-list">
                <caption class="visually-hidden">{t('bo.staff.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('bo.staff.person')}</th>
                    <th scope="col">{t('workspace.roles')}</th>
                    <th scope="col">{t('files.status')}</th>
                    <th scope="col">{t('bo.rollout.action')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((s) => (
                    <tr key={s.username} data-username={s.username}>
                      <th scope="row">
                        {s.firstName} {s.lastName}
                        <div class="muted">
                          <bdi dir="ltr">{s.username}</bdi>
                        </div>
                      </th>
                      <td>
                        {s.roles.map((r) => t(`role.${r}` as Key)).join(', ')}
                        {s.scope.communeId && <div class="muted">{s.scope.communeId}</div>}
                        {s.scope.agencyId && (
                          <div class="muted">{t(`agency.${s.scope.agencyId}` as Key)}</div>
                        )}
                      </td>
                      <td>{t(`bo.staffStatus.${s.status}` as Key)}</td>
                      <td>
                        {!s.roles.includes('province_contact') && (
                          <ConfirmButton
                            id={`${s.status === 'ACTIVE' ? 'suspend' : 'reactivate'}-${s.username}`}
                            secondary
                            label={t(s.status === 'ACTIVE' ? 'bo.staff.suspend' : 'bo.staff.reactivate')}
                            question={t(
                              s.status === 'ACTIVE'
                                ? 'bo.staff.confirmSuspend'
                                : 'bo.staff.confirmReactivate',
                              { name: `${s.firstName} ${s.lastName}` },
                            )}
                            consequence={t(
                              s.status === 'ACTIVE'
                                ? 'bo.staff.consequenceSuspend'
                                : 'bo.staff.consequenceReactivate',
                            )}
                            onConfirm={() => void toggle(s.username, s.status === 'ACTIVE')}
                          />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager pages={pages} nextCursor={d.nextCursor} />
          </>
        )}
      </Loaded>
    </>
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
