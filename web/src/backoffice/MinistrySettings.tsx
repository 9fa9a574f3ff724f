import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import { ApiError } from '../api/problem.ts';
import { session } from '../auth/session.ts';
import { describedBy, ErrorPanel, ErrorSummary, Field, Loaded, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { date, month, named } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { bearer } from '../workspace/auth.ts';
import { SignedOut } from '../workspace/SignedOut.tsx';
import { ConfirmButton, Done } from './common.tsx';
import { rateFromInput, rateToInput } from './rules.ts';
import { CATEGORIES, FLAT, type Range, type Ranges, tariffFields } from './tariff-fields.ts';

/** The ministry's national settings: regions' waves, the legal ranges of communal rates, ranking runs. */
export default function MinistrySettings() {
  if (!session.value) return <SignedOut title={t('bo.settings.title')} />;
  return (
    <Page title={t('bo.settings.title')}>
      <Waves />
      <LegalRanges />
      <RankingRuns />
    </Page>
  );
}

/** A region's wave in the national plan and its planned start (`PUT /rollout/regions/{id}`). */
function Waves() {
  const l = lang.value;
  const [attempt, setAttempt] = useState(0);
  const [regionId, setRegionId] = useState('');
  const [wave, setWave] = useState('');
  const [start, setStart] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<unknown>();
  const board = useResource(
    async () => unwrap(api().GET('/rollout', { params: { query: {} }, headers: await bearer() })),
    [attempt],
  );
  const regions = useResource(() => unwrap(api().GET('/geo/regions')), []);
  function check() {
    const problems: Record<string, string> = {};
    if (!regionId) problems['wave-region'] = t('form.required');
    const n = Number(wave);
    if (!Number.isInteger(n) || n < 1 || n > 12) problems['wave-number'] = t('bo.settings.waveRange');
    setErrors(problems);
    return Object.keys(problems).length === 0;
  }
  async function save() {
    setError(undefined);
    setDone(undefined);
    try {
      const answer = await unwrap(
        api().PUT('/rollout/regions/{regionId}', {
          params: {
            path: { regionId },
            header: { 'idempotency-key': `wave-${regionId}-${crypto.randomUUID()}` },
          },
          headers: await bearer(),
          body: { wave: Number(wave), ...(start ? { plannedStart: start } : {}) },
        }),
      );
      setDone(t('bo.settings.waveSaved', { region: answer.regionId, n: answer.wave }));
      setAttempt((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section aria-labelledby="waves-title" data-testid="waves">
      <h2 id="waves-title">{t('bo.settings.waves')}</h2>
      <Loaded resource={board}>
        {(b) => (
          <ul data-testid="waves-list">
            {b.regions.map((r) => (
              <li key={r.regionId} data-region={r.regionId} data-wave={r.wave ?? ''}>
                <span lang="fr">{r.nameFr}</span> —{' '}
                {r.wave === null ? t('bo.rollout.noWave') : t('bo.rollout.wave', { n: r.wave })}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <ErrorSummary
        errors={errors}
        labels={{ 'wave-region': t('bo.ministry.region'), 'wave-number': t('bo.settings.wave') }}
      />
      <form noValidate onSubmit={(e) => e.preventDefault()}>
        <Field name="wave-region" label={t('bo.ministry.region')} error={errors['wave-region']}>
          <select
            id="f-wave-region"
            value={regionId}
            aria-invalid={errors['wave-region'] ? true : undefined}
            aria-describedby={describedBy('wave-region', undefined, errors['wave-region'])}
            onChange={(e) => setRegionId((e.target as HTMLSelectElement).value)}
          >
            <option value="">{t('bo.choose')}</option>
            {regions.status === 'ok' &&
              regions.data.regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {named(r, l)}
                </option>
              ))}
          </select>
        </Field>
        <Field name="wave-number" label={t('bo.settings.wave')} error={errors['wave-number']}>
          <input
            id="f-wave-number"
            inputMode="numeric"
            dir="ltr"
            value={wave}
            aria-invalid={errors['wave-number'] ? true : undefined}
            aria-describedby={describedBy('wave-number', undefined, errors['wave-number'])}
            onInput={(e) => setWave((e.target as HTMLInputElement).value)}
          />
        </Field>
        <Field name="wave-start" label={t('bo.settings.plannedStart')}>
          <input
            id="f-wave-start"
            type="date"
            value={start}
            onInput={(e) => setStart((e.target as HTMLInputElement).value)}
          />
        </Field>
        <ConfirmButton
          id="wave-send"
          label={t('bo.settings.waveSubmit')}
          question={t('bo.settings.waveConfirm')}
          consequence={t('bo.settings.waveConsequence', { date: start ? date(start, l) : '—' })}
          onConfirm={() => check() && void save()}
        />
      </form>
      {done && <Done testId="wave-saved">{done}</Done>}
      {error !== undefined && <ErrorPanel error={error} />}
    </section>
  );
}

type Bounds = Record<string, { min: string; max: string }>;

/** The legal ranges (law 47-06) the communes' rates must stay in; the API keeps earlier versions. */
function LegalRanges() {
  const ranges = useResource(() => unwrap(api().GET('/tariffs/legal-ranges')), []);
  return (
    <section aria-labelledby="ranges-title" data-testid="legal-ranges">
      <h2 id="ranges-title">{t('bo.settings.ranges')}</h2>
      <p class="muted">{t('bo.settings.rangesLead')}</p>
      <Loaded resource={ranges}>{(r) => <RangesForm ranges={r} />}</Loaded>
    </section>
  );
}

function RangesForm({ ranges }: { ranges: Ranges }) {
  const fields = tariffFields(ranges);
  const [bounds, setBounds] = useState<Bounds>(() =>
    Object.fromEntries(
      fields.map((f) => [
        f.id,
        { min: rateToInput(f.range.min, f.range.kind), max: rateToInput(f.range.max, f.range.kind) },
      ]),
    ),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  function parsed() {
    const problems: Record<string, string> = {};
    const out: Record<string, Range> = {};
    for (const f of fields) {
      const b = bounds[f.id] as { min: string; max: string };
      const min = rateFromInput(b.min);
      const max = rateFromInput(b.max);
      if (min === undefined) problems[`range-${f.id}-min`] = t('bo.tariff.number');
      if (max === undefined) problems[`range-${f.id}-max`] = t('bo.tariff.number');
      if (min !== undefined && max !== undefined && min > max)
        problems[`range-${f.id}-max`] = t('bo.settings.minAboveMax');
      if (min !== undefined && max !== undefined) out[f.id] = { ...f.range, min, max };
    }
    setErrors(problems);
    return Object.keys(problems).length ? undefined : out;
  }
  async function save(out: Record<string, Range>) {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const body: Ranges = {
        ...ranges,
        constructionPerM2: Object.fromEntries(
          CATEGORIES.map((c) => [c, out[`construction-${c}`] as Range]),
        ) as Ranges['constructionPerM2'],
        ...Object.fromEntries(FLAT.map((f) => [f, out[f] as Range])),
      };
      await unwrap(
        api().PUT('/tariffs/legal-ranges', {
          params: { header: { 'idempotency-key': `ranges-${crypto.randomUUID()}` } },
          headers: await bearer(),
          body,
        }),
      );
      setDone(t('bo.settings.rangesSaved'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const labels = Object.fromEntries(
    fields.flatMap((f) => [
      [`range-${f.id}-min`, `${f.label} — ${t('bo.settings.min')}`],
      [`range-${f.id}-max`, `${f.label} — ${t('bo.settings.max')}`],
    ]),
  );
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <form noValidate onSubmit={(e) => e.preventDefault()}>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('bo.settings.ranges')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo.tariff.rate')}</th>
                <th scope="col">{t('bo.settings.min')}</th>
                <th scope="col">{t('bo.settings.max')}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => (
                <tr key={f.id} data-range={f.id}>
                  <th scope="row" id={`range-${f.id}-label`}>
                    {f.label}
                    <div class="muted" lang="fr">
                      {f.range.unit} — {f.range.basis}
                    </div>
                  </th>
                  {(['min', 'max'] as const).map((side) => {
                    const name = `range-${f.id}-${side}`;
                    return (
                      <td key={side}>
                        {errors[name] && (
                          <p class="error-message" id={`f-${name}-error`}>
                            {errors[name]}
                          </p>
                        )}
                        <label class="visually-hidden" for={`f-${name}`}>
                          {labels[name]}
                        </label>
                        <input
                          id={`f-${name}`}
                          inputMode="decimal"
                          dir="ltr"
                          value={bounds[f.id]?.[side]}
                          aria-invalid={errors[name] ? true : undefined}
                          aria-describedby={errors[name] ? `f-${name}-error` : undefined}
                          onInput={(e) =>
                            setBounds({
                              ...bounds,
                              [f.id]: {
                                ...(bounds[f.id] as { min: string; max: string }),
                                [side]: (e.target as HTMLInputElement).value,
                              },
                            })
                          }
                        />{' '}
                        {f.range.kind === 'centimes' ? t('bo.tariff.mad') : '%'}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ConfirmButton
          id="ranges-send"
          label={t('bo.settings.rangesSubmit')}
          question={t('bo.settings.rangesConfirm')}
          consequence={t('bo.settings.rangesConsequence')}
          disabled={busy}
          onConfirm={() => {
            const out = parsed();
            if (out) void save(out);
          }}
        />
      </form>
      {done && <Done testId="ranges-saved">{done}</Done>}
      {error !== undefined && <ErrorPanel error={error} />}
    </>
  );
}

/** The previous month in Casablanca, the usual month to rank (final once it is over). */
function previousMonth(now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * Start a ranking run of a month (provisional while the month runs, final once it is over: the API
 * decides and says which) and read the published result (`GET /rankings?period=`).
 */
function RankingRuns() {
  const l = lang.value;
  const [period, setPeriod] = useState(previousMonth());
  const [shown, setShown] = useState(previousMonth());
  const [reload, setReload] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<unknown>();
  const result = useResource(async () => {
    try {
      return await unwrap(api().GET('/rankings', { params: { query: { period: shown } } }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return undefined;
      throw e;
    }
  }, [shown, reload]);
  async function start() {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) {
      setErrors({ 'run-period': t('bo.settings.periodInvalid') });
      return;
    }
    setErrors({});
    setError(undefined);
    setDone(undefined);
    try {
      const answer = await unwrap(
        api().POST('/rankings/runs', {
          params: { header: { 'idempotency-key': `run-${period}-${crypto.randomUUID()}` } },
          headers: await bearer(),
          body: { period },
        }),
      );
      setDone(
        t('bo.settings.runQueued', {
          month: month(answer.period, l),
          status: t(`bo.settings.run.${answer.status}` as Key),
        }),
      );
      setShown(answer.period);
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section aria-labelledby="runs-title" data-testid="ranking-runs">
      <h2 id="runs-title">{t('bo.settings.runs')}</h2>
      <ErrorSummary errors={errors} labels={{ 'run-period': t('bo.settings.period') }} />
      <form noValidate onSubmit={(e) => e.preventDefault()}>
        <Field
          name="run-period"
          label={t('bo.settings.period')}
          hint={t('bo.settings.periodHint')}
          error={errors['run-period']}
        >
          <input
            id="f-run-period"
            dir="ltr"
            value={period}
            aria-invalid={errors['run-period'] ? true : undefined}
            aria-describedby={describedBy('run-period', t('bo.settings.periodHint'), errors['run-period'])}
            onInput={(e) => setPeriod((e.target as HTMLInputElement).value.trim())}
          />
        </Field>
        <ConfirmButton
          id="run-send"
          label={t('bo.settings.runSubmit')}
          question={t('bo.settings.runConfirm')}
          consequence={t('bo.settings.runConsequence')}
          onConfirm={() => void start()}
        />
      </form>
      {done && <Done testId="run-queued">{done}</Done>}
      {error !== undefined && <ErrorPanel error={error} />}
      <h3>{t('bo.settings.result', { month: month(shown, l) })}</h3>
      <button
        type="button"
        class="button button-secondary"
        id="run-refresh"
        onClick={() => setReload((n) => n + 1)}
      >
        {t('bo.settings.refresh')}
      </button>
      <Loaded resource={result}>
        {(r) =>
          r ? (
            <div data-testid="run-result" data-status={r.status}>
              <p>
                {t('bo.settings.resultLine', {
                  status: t(`bo.settings.run.${r.status}` as Key),
                  ranked: r.ranked,
                  communes: r.communes,
                  asOf: r.asOf,
                })}
              </p>
              <ol>
                {r.items
                  .filter((i) => i.ranked)
                  .slice(0, 10)
                  .map((i) => (
                    <li key={i.Jurisdiction}>{l === 'ar' ? i.communeNameAr : i.communeNameFr}</li>
                  ))}
              </ol>
            </div>
          ) : (
            <p data-testid="run-none">{t('bo.settings.resultNone')}</p>
          )
        }
      </Loaded>
    </section>
  );
}
