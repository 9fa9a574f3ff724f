import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.gen.ts';
import { ErrorPanel, Loaded } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { dateTime } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { bearer } from '../workspace/auth.ts';
import { ConfirmButton, Done, Pager, useCursorPages } from './common.tsx';

export type StaffQuery = Omit<NonNullable<paths['/staff']['get']['parameters']['query']>, 'cursor' | 'limit'>;
type HistoryEvent =
  paths['/staff/{username}/history']['get']['responses'][200]['content']['application/json']['events'][number];

/**
 * Civil-servant accounts (`GET /staff`) under the caller's filters, paged by the API's cursor:
 * suspend / reactivate (confirmed), and each account's history (who changed what, when).
 * Shared by the province contact's page and the ministry's staff page.
 */
export function StaffList({ query, attempt }: { query: StaffQuery; attempt: number }) {
  const key = JSON.stringify(query);
  const pages = useCursorPages(`${key}|${attempt}`);
  const [changed, setChanged] = useState(0);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [open, setOpen] = useState<string>();
  const list = useResource(
    async () =>
      unwrap(
        api().GET('/staff', {
          params: { query: { ...query, limit: 20, ...(pages.cursor ? { cursor: pages.cursor } : {}) } },
          headers: await bearer(),
        }),
      ),
    [key, pages.cursor, attempt, changed],
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
            {d.items.length === 0 && <p data-testid="staff-none">{t('bo.staff.none')}</p>}
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
                        <button
                          type="button"
                          class="button button-secondary"
                          id={`history-${s.username}`}
                          aria-expanded={open === s.username}
                          aria-controls={open === s.username ? 'staff-history' : undefined}
                          onClick={() => setOpen(open === s.username ? undefined : s.username)}
                        >
                          {t('bo.staff.history')}
                        </button>{' '}
                        {!s.roles.includes('province_contact') && !s.roles.includes('ministry_admin') && (
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
      {open && <StaffHistory username={open} changed={changed} />}
    </>
  );
}

const scopeText = (s: HistoryEvent['after']) =>
  [s.scope.communeId, s.scope.provinceId, s.scope.agencyId && t(`agency.${s.scope.agencyId}` as Key)]
    .filter(Boolean)
    .join(', ');

/** One account's audit trail (`GET /staff/{username}/history`), oldest first as the API gives it. */
function StaffHistory({ username, changed }: { username: string; changed: number }) {
  const l = lang.value;
  const history = useResource(
    async () =>
      unwrap(
        api().GET('/staff/{username}/history', { params: { path: { username } }, headers: await bearer() }),
      ),
    [username, changed],
  );
  return (
    <section id="staff-history" aria-labelledby="staff-history-title" data-testid="staff-history">
      <h3 id="staff-history-title">
        {t('bo.staff.historyOf')} <bdi dir="ltr">{username}</bdi>
      </h3>
      <Loaded resource={history}>
        {(h) => (
          <ol>
            {h.events.map((e) => (
              <li key={`${e.at}-${e.action}`} data-action={e.action}>
                <strong>{t(`bo.staffAction.${e.action}` as Key)}</strong> —{' '}
                {t('bo.staff.by', { actor: e.actor, date: dateTime(e.at, l) })}
                <div class="muted">
                  {e.after.roles.map((r) => t(`role.${r}` as Key)).join(', ')}
                  {scopeText(e.after) && ` · ${scopeText(e.after)}`} ·{' '}
                  {t(`bo.staffStatus.${e.after.status}` as Key)}
                  {e.reason && ` · ${e.reason}`}
                </div>
              </li>
            ))}
          </ol>
        )}
      </Loaded>
    </section>
  );
}
