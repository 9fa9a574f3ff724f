import { useState } from 'preact/hooks';
// The published file's columns and cells (formula-like text made inert), shared with the ranking job.
import { rankingCsv } from '../../../shared/domain/ranking/publish.ts';
import { ApiError, api, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.gen.ts';
import { BarChart, ErrorPanel, Field, Loaded, Loading, Page } from '../components/ui.tsx';
import { config } from '../config.ts';
import { type Key, lang, t } from '../i18n/index.ts';
import { date, month, num, percent } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';

type Ranking = paths['/rankings']['get']['responses'][200]['content']['application/json'];
type Row = Ranking['items'][number];
type SortKey = 'rank' | 'name' | 'score' | 'share' | 'median' | 'decided' | 'movement';
type Scope = 'national' | 'region' | 'group';

const name = (r: Pick<Row, 'communeNameFr' | 'communeNameAr'>) =>
  lang.value === 'ar' ? r.communeNameAr : r.communeNameFr;

function rankOf(r: Row, scope: Scope) {
  return scope === 'region' ? r.regionalRank : scope === 'group' ? r.peerGroupRank : r.nationalRank;
}

function value(r: Row, key: SortKey, scope: Scope): number | string | null {
  switch (key) {
    case 'rank':
      return rankOf(r, scope);
    case 'name':
      return name(r);
    case 'score':
      return r.score;
    case 'share':
      return r.rolling12.shareDecidedInTime;
    case 'median':
      return r.rolling12.medianDecisionDays;
    case 'decided':
      return r.rolling12.decided;
    case 'movement':
      return r.movement;
  }
}

function download(filename: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function History({ communeId, label }: { communeId: string; label: string }) {
  const l = lang.value;
  const history = useResource(
    () => unwrap(api().GET('/rankings/communes/{communeId}', { params: { path: { communeId } } })),
    [communeId],
  );
  return (
    <section class="panel" aria-labelledby="history-title" id="history">
      <h2 id="history-title" tabIndex={-1}>
        {t('rankings.historyOf', { commune: label })}
      </h2>
      <Loaded resource={history}>
        {(h) => {
          const items = [...h.items].sort((a, b) => a.period.localeCompare(b.period));
          if (!items.length) return <p>{t('rankings.noHistory')}</p>;
          return (
            <>
              {items.some((i) => i.score !== null) ? (
                <BarChart
                  caption={t('rankings.historyCaption', { commune: label })}
                  categories={items.map((i) => month(i.period, l))}
                  series={[
                    { label: t('rankings.score'), values: items.map((i) => i.score), className: 'received' },
                  ]}
                />
              ) : (
                <>
                  <p>{t('rankings.neverRanked')}</p>
                  <BarChart
                    caption={t('rankings.decisionsCaption', { commune: label })}
                    categories={items.map((i) => month(i.period, l))}
                    series={[
                      {
                        label: t('indicator.decided'),
                        values: items.map((i) => i.month.decided),
                        className: 'decided',
                      },
                    ]}
                  />
                </>
              )}
              <div class="table-wrap">
                <table data-testid="history">
                  <caption class="visually-hidden">{t('rankings.historyOf', { commune: label })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('rankings.period')}</th>
                      <th scope="col" class="num">
                        {t('rankings.rank')}
                      </th>
                      <th scope="col" class="num">
                        {t('rankings.score')}
                      </th>
                      <th scope="col" class="num">
                        {t('indicator.decided')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((i) => (
                      <tr key={i.period}>
                        <th scope="row">
                          {month(i.period, l)}{' '}
                          <span class="muted">
                            ({t(i.status === 'final' ? 'rankings.final' : 'rankings.provisional')})
                          </span>
                        </th>
                        <td class="num">{i.nationalRank === null ? '—' : num(i.nationalRank, l)}</td>
                        <td class="num">{i.score === null ? '—' : num(i.score, l)}</td>
                        <td class="num">{num(i.rolling12.decided ?? 0, l)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function Methodology() {
  const l = lang.value;
  const m = useResource(() => unwrap(api().GET('/rankings/methodology')), []);
  return (
    <section aria-labelledby="methodology-title">
      <h2 id="methodology-title">{t('rankings.methodology')}</h2>
      <Loaded resource={m}>
        {(raw) => {
          const doc = raw as {
            version?: string;
            minVolume?: { indicator: string; min: number };
            indicators?: {
              indicator: string;
              weight: number;
              better: string;
              normalisation?: { best?: number; worst?: number };
            }[];
          };
          return (
            <>
              <p>
                {t('rankings.methodologyLead', {
                  version: doc.version ?? '',
                  min: num(doc.minVolume?.min ?? 0, l),
                })}
              </p>
              <div class="table-wrap">
                <table>
                  <caption class="visually-hidden">{t('rankings.methodology')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('rankings.indicator')}</th>
                      <th scope="col" class="num">
                        {t('rankings.weight')}
                      </th>
                      <th scope="col">{t('rankings.better')}</th>
                      <th scope="col">{t('rankings.goalposts')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(doc.indicators ?? []).map((i) => (
                      <tr key={i.indicator}>
                        <th scope="row">{t(`indicator.${i.indicator}` as Key)}</th>
                        <td class="num">{num(i.weight, l)}</td>
                        <td>{t(i.better === 'higher' ? 'rankings.higher' : 'rankings.lower')}</td>
                        <td>
                          {[i.normalisation?.worst, i.normalisation?.best]
                            .map((v) => (v === undefined ? '—' : num(v, l)))
                            .join(l === 'ar' ? ' ← ' : ' → ')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p class="muted">{t('rankings.methodologyNote')}</p>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

/** Rankings: national, by region, by peer group; sortable; a commune's history; methodology; downloads. */
export default function Rankings() {
  const l = lang.value;
  const [period, setPeriod] = useState('');
  const [scope, setScope] = useState<Scope>('national');
  const [regionId, setRegion] = useState('');
  const [group, setGroup] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'rank', desc: false });
  const [selected, setSelected] = useState<{ id: string; label: string }>();
  const regions = useResource(() => unwrap(api().GET('/geo/regions')), []);
  const query = {
    ...(/^\d{4}-\d{2}$/.test(period) && { period }),
    ...(scope === 'region' && regionId && { region: regionId }),
    ...(scope === 'group' && group && { group }),
  };
  const ranking = useResource(
    () => unwrap(api().GET('/rankings', { params: { query } })),
    [JSON.stringify(query)],
  );
  const jsonUrl = `${config().apiUrl}/rankings${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;

  const header = (key: SortKey, label: string, numeric = false) => {
    const active = sort.key === key;
    return (
      <th
        scope="col"
        class={numeric ? 'num' : undefined}
        aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}
      >
        <button
          type="button"
          class="sort"
          onClick={() => setSort({ key, desc: active ? !sort.desc : false })}
        >
          {label}
          <span aria-hidden="true">{active ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
        </button>
      </th>
    );
  };

  return (
    <Page title={t('rankings.title')} lead={t('rankings.lead')}>
      <form class="grid-2" onSubmit={(e) => e.preventDefault()} aria-label={t('rankings.filters')}>
        <Field name="period" label={t('rankings.period')} hint={t('rankings.periodHint')}>
          <input
            id="f-period"
            type="month"
            dir="ltr"
            value={period}
            aria-describedby="f-period-hint"
            onChange={(e) => setPeriod((e.target as HTMLInputElement).value)}
          />
        </Field>
        <Field name="scope" label={t('rankings.scope')}>
          <select
            id="f-scope"
            value={scope}
            onChange={(e) => setScope((e.target as HTMLSelectElement).value as Scope)}
          >
            <option value="national">{t('rankings.national')}</option>
            <option value="region">{t('rankings.byRegion')}</option>
            <option value="group">{t('rankings.byGroup')}</option>
          </select>
        </Field>
        {scope === 'region' && (
          <Field name="region" label={t('common.region')}>
            <select
              id="f-region"
              value={regionId}
              onChange={(e) => setRegion((e.target as HTMLSelectElement).value)}
            >
              <option value="">{t('common.choose')}</option>
              {regions.status === 'ok' &&
                regions.data.regions.map((r) => (
                  <option key={r.id} value={r.id}>
                    {l === 'ar' ? r.nameAr : r.nameFr}
                  </option>
                ))}
            </select>
          </Field>
        )}
        {scope === 'group' && (
          <Field name="group" label={t('rankings.peerGroup')}>
            <select
              id="f-group"
              value={group}
              onChange={(e) => setGroup((e.target as HTMLSelectElement).value)}
            >
              <option value="">{t('common.choose')}</option>
              {['urban-large', 'urban', 'rural'].map((g) => (
                <option key={g} value={g}>
                  {t(`peerGroup.${g}` as Key)}
                </option>
              ))}
            </select>
          </Field>
        )}
      </form>
      {ranking.status === 'loading' && <Loading />}
      {ranking.status === 'error' &&
        (ranking.error instanceof ApiError && ranking.error.status === 404 ? (
          <div class="panel panel-warning" role="status">
            <h2>{t('rankings.noneTitle')}</h2>
            <p>{t('rankings.none')}</p>
          </div>
        ) : (
          <ErrorPanel error={ranking.error} retry={ranking.retry} />
        ))}
      {ranking.status === 'ok' && (
        <section aria-labelledby="ranking-title">
          <h2 id="ranking-title">
            {t('rankings.of', { period: month(ranking.data.period, l) })}{' '}
            <span class={`status ${ranking.data.status === 'final' ? 'status-ok' : 'status-warn'}`}>
              {t(ranking.data.status === 'final' ? 'rankings.final' : 'rankings.provisional')}
            </span>
          </h2>
          <p class="muted">
            {t('rankings.summary', {
              asOf: date(ranking.data.asOf, l),
              ranked: num(ranking.data.ranked, l),
              communes: num(ranking.data.communes, l),
              version: ranking.data.methodologyVersion,
            })}
          </p>
          <div class="actions">
            <a
              class="button button-secondary"
              href={jsonUrl}
              rel="external"
              download={`ranking-${ranking.data.period}.json`}
            >
              {t('rankings.downloadJson')}
            </a>
            <button
              type="button"
              class="button button-secondary"
              onClick={() =>
                download(
                  `ranking-${ranking.data.period}.csv`,
                  'text/csv;charset=utf-8',
                  rankingCsv({ ...ranking.data, rows: ranking.data.items }),
                )
              }
            >
              {t('rankings.downloadCsv')}
            </button>
          </div>
          <div class="table-wrap">
            <table data-testid="ranking-table">
              <caption class="visually-hidden">
                {t('rankings.of', { period: month(ranking.data.period, l) })}
              </caption>
              <thead>
                <tr>
                  {header('rank', t('rankings.rank'), true)}
                  {header('name', t('common.commune'))}
                  {header('score', t('rankings.score'), true)}
                  {header('share', t('indicator.shareDecidedInTime'), true)}
                  {header('median', t('indicator.medianDecisionDays'), true)}
                  {header('decided', t('indicator.decided'), true)}
                  {header('movement', t('rankings.movement'), true)}
                </tr>
              </thead>
              <tbody>
                {[...ranking.data.items]
                  .sort((a, b) => {
                    const va = value(a, sort.key, scope);
                    const vb = value(b, sort.key, scope);
                    if (va === null && vb === null) return a.Jurisdiction.localeCompare(b.Jurisdiction);
                    if (va === null) return 1;
                    if (vb === null) return -1;
                    const c = typeof va === 'string' ? va.localeCompare(String(vb), l) : va - (vb as number);
                    return sort.desc ? -c : c;
                  })
                  .map((r) => {
                    const rank = rankOf(r, scope);
                    return (
                      <tr key={r.Jurisdiction}>
                        <td class="num">{rank === null ? '—' : num(rank, l)}</td>
                        <th scope="row">
                          <button
                            type="button"
                            class="sort"
                            aria-label={t('rankings.showHistory', { commune: name(r) })}
                            onClick={() => setSelected({ id: r.Jurisdiction, label: name(r) })}
                          >
                            {name(r)}
                          </button>
                          {!r.ranked && r.notRankedReason && (
                            <span class="muted"> — {t(`notRanked.${r.notRankedReason}` as Key)}</span>
                          )}
                        </th>
                        <td class="num">{r.score === null ? '—' : num(r.score, l)}</td>
                        <td class="num">
                          {r.rolling12.shareDecidedInTime === null
                            ? '—'
                            : percent(r.rolling12.shareDecidedInTime, l)}
                        </td>
                        <td class="num">
                          {r.rolling12.medianDecisionDays === null
                            ? '—'
                            : num(r.rolling12.medianDecisionDays, l)}
                        </td>
                        <td class="num">{num(r.rolling12.decided ?? 0, l)}</td>
                        <td class="num" dir="ltr">
                          {r.movement === null ? '—' : r.movement > 0 ? `+${r.movement}` : String(r.movement)}
                        </td>
                      </tr>
                    );
                  })}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {selected && <History key={selected.id} communeId={selected.id} label={selected.label} />}
      <Methodology />
    </Page>
  );
}
