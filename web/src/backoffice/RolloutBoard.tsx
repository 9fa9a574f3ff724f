import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import { ErrorPanel, Loaded } from '../components/ui.tsx';
import { has, type Key, t } from '../i18n/index.ts';
import { useResource } from '../lib/resource.ts';
import { bearer } from '../workspace/auth.ts';
import { ConfirmButton, Done } from './common.tsx';

type Status = 'NOT_STARTED' | 'ONBOARDING' | 'LIVE' | 'SUSPENDED';
const STATUSES: Status[] = ['NOT_STARTED', 'ONBOARDING', 'LIVE', 'SUSPENDED'];

/** A readiness item (`DESK_AGENT`, `COMMISSION_MEMBER:urban-agency`…) in words. */
export function missingLabel(item: string): string {
  const [code = '', agency] = item.split(':');
  const base = has(`bo.check.${code}`) ? t(`bo.check.${code}` as Key) : code;
  return agency && has(`agency.${agency}`) ? `${base} — ${t(`agency.${agency}` as Key)}` : base;
}

/**
 * The rollout board (`GET /rollout`): communes by status per region and province, what keeps each
 * one from going live, and "go LIVE" for a commune whose checklist is complete (the API refuses it
 * otherwise, naming what is missing). The ministry picks a region; a province contact sees theirs.
 */
export function RolloutBoard({ regionId }: { regionId?: string | undefined }) {
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<unknown>();
  const board = useResource(
    async () =>
      unwrap(
        api().GET('/rollout', {
          params: { query: regionId ? { regionId } : {} },
          headers: await bearer(),
        }),
      ),
    [regionId, attempt],
  );
  async function move(communeId: string, name: string, status: 'ONBOARDING' | 'LIVE') {
    setError(undefined);
    setDone(undefined);
    try {
      await unwrap(
        api().PUT('/communes/{communeId}/rollout', {
          params: {
            path: { communeId },
            header: { 'idempotency-key': `rollout-${communeId}-${status}-${crypto.randomUUID()}` },
          },
          headers: await bearer(),
          body: { status },
        }),
      );
      setDone(t(status === 'LIVE' ? 'bo.rollout.wentLive' : 'bo.rollout.onboarding', { commune: name }));
      setAttempt((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section aria-labelledby="rollout-title" data-testid="rollout-board">
      <h2 id="rollout-title">{t('bo.rollout.title')}</h2>
      {done && <Done testId="rollout-moved">{done}</Done>}
      {error !== undefined && <ErrorPanel error={error} />}
      <Loaded resource={board}>
        {(b) => (
          <>
            <p>{STATUSES.map((s) => `${t(`bo.rollout.${s}` as Key)} : ${b.totals[s]}`).join(' · ')}</p>
            {b.regions.map((r) => (
              <div key={r.regionId}>
                <h3>
                  <span lang="fr">{r.nameFr}</span>{' '}
                  <span class="muted">
                    {r.wave === null ? t('bo.rollout.noWave') : t('bo.rollout.wave', { n: r.wave })}
                  </span>
                </h3>
                {(regionId || b.regions.length === 1) &&
                  r.provinces.map((p) => (
                    <div class="table-wrap" key={p.provinceId}>
                      <table data-province={p.provinceId}>
                        <caption lang="fr">{p.nameFr}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t('common.commune')}</th>
                            <th scope="col">{t('files.status')}</th>
                            <th scope="col">{t('bo.rollout.missing')}</th>
                            <th scope="col">{t('bo.rollout.action')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {p.communes.map((c) => (
                            <tr key={c.communeId} data-commune={c.communeId} data-status={c.status}>
                              <th scope="row" lang="fr">
                                {c.nameFr}
                              </th>
                              <td>{t(`bo.rollout.${c.status}` as Key)}</td>
                              <td>
                                {c.missing.length ? (
                                  <ul>
                                    {c.missing.map((m) => (
                                      <li key={m}>{missingLabel(m)}</li>
                                    ))}
                                  </ul>
                                ) : (
                                  t('bo.rollout.ready')
                                )}
                              </td>
                              <td>
                                {c.status === 'NOT_STARTED' && (
                                  <ConfirmButton
                                    id={`onboard-${c.communeId}`}
                                    secondary
                                    label={t('bo.rollout.startOnboarding')}
                                    question={t('bo.rollout.confirmOnboarding', { commune: c.nameFr })}
                                    consequence={t('bo.rollout.consequenceOnboarding')}
                                    onConfirm={() => void move(c.communeId, c.nameFr, 'ONBOARDING')}
                                  />
                                )}
                                {c.status === 'ONBOARDING' && c.missing.length === 0 && (
                                  <ConfirmButton
                                    id={`live-${c.communeId}`}
                                    label={t('bo.rollout.goLive')}
                                    question={t('bo.rollout.confirm', { commune: c.nameFr })}
                                    consequence={t('bo.rollout.consequence')}
                                    onConfirm={() => void move(c.communeId, c.nameFr, 'LIVE')}
                                  />
                                )}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  ))}
              </div>
            ))}
          </>
        )}
      </Loaded>
    </section>
  );
}
