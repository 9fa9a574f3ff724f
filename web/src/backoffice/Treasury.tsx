import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.gen.ts';
import { session } from '../auth/session.ts';
import { ErrorPanel, ErrorSummary, Loaded, Page } from '../components/ui.tsx';
import { has, type Key, lang, t } from '../i18n/index.ts';
import { date, dateTime, money } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { bearer } from '../workspace/auth.ts';
import { downloadPdf } from '../workspace/download.ts';
import { casablancaToday } from '../workspace/model.ts';
import { SignedOut } from '../workspace/SignedOut.tsx';
import { ConfirmButton, Done } from './common.tsx';
import { type RateKind, rateFromInput, rateToInput } from './rules.ts';
import { CATEGORIES, type FLAT, type Range, type Ranges, tariffFields } from './tariff-fields.ts';

type Tariff =
  paths['/communes/{communeId}/tariffs']['get']['responses'][200]['content']['application/json']['tariffs'][number];

/** The rates of the form, by field id: `construction-<category>` or the flat rate's name. */
type Rates = Record<string, string>;
const rateOf = (tariff: Tariff, id: string) =>
  id.startsWith('construction-')
    ? (tariff.constructionPerM2[id.slice('construction-'.length) as (typeof CATEGORIES)[number]] ?? 0)
    : (tariff[id as (typeof FLAT)[number]] as number);
const rangeText = (r: Range, l: 'fr' | 'ar') =>
  r.kind === 'centimes'
    ? t('bo.tariff.rangeMad', { min: money(r.min, l), max: money(r.max, l) })
    : t('bo.tariff.rangePercent', { min: r.min / 100, max: r.max / 100 });

/** Tomorrow in Casablanca: a new schedule applies from a date to come (the files already priced keep theirs). */
const tomorrow = () => casablancaToday(new Date(Date.now() + 86_400_000));

async function loadTreasury() {
  const headers = await bearer();
  const me = await unwrap(api().GET('/me', { headers }));
  const communeId = me.scope.communeId as string;
  const [ranges, tariffs] = await Promise.all([
    unwrap(api().GET('/tariffs/legal-ranges')),
    unwrap(api().GET('/communes/{communeId}/tariffs', { params: { path: { communeId } }, headers })),
  ]);
  return { communeId, ranges, tariffs: tariffs.tariffs };
}

/** The commune treasurer: the tariff editor (legal ranges beside each rate, effective date) and the day's payments. */
export default function Treasury() {
  const l = lang.value;
  const [attempt, setAttempt] = useState(0);
  // Kept here: the editor is remounted when the schedules are reloaded after a save.
  const [saved, setSaved] = useState<string>();
  const data = useResource(loadTreasury, [attempt, session.value?.username]);
  if (!session.value) return <SignedOut title={t('bo.treasury.title')} />;
  return (
    <Page title={t('bo.treasury.title')}>
      {saved && <Done testId="tariff-saved">{t('bo.tariff.saved', { date: date(saved, l) })}</Done>}
      <Loaded resource={data}>
        {(d) => (
          <>
            <TariffEditor
              {...d}
              onSaved={(effectiveFrom) => {
                setSaved(effectiveFrom);
                setAttempt((n) => n + 1);
              }}
            />
            <DayPayments communeId={d.communeId} />
          </>
        )}
      </Loaded>
    </Page>
  );
}

function TariffEditor({
  communeId,
  ranges,
  tariffs,
  onSaved,
}: {
  communeId: string;
  ranges: Ranges;
  tariffs: Tariff[];
  onSaved: (effectiveFrom: string) => void;
}) {
  const l = lang.value;
  const fields = tariffFields(ranges);
  const latest = [...tariffs].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
  const [effectiveFrom, setEffectiveFrom] = useState(tomorrow());
  const [rates, setRates] = useState<Rates>(() =>
    Object.fromEntries(
      fields.map((f) => [f.id, latest ? rateToInput(rateOf(latest, f.id), f.range.kind as RateKind) : '']),
    ),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  function check() {
    const problems: Record<string, string> = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom)) problems['tariff-from'] = t('bo.tariff.dateRequired');
    for (const f of fields) {
      const v = rateFromInput(rates[f.id] ?? '');
      if (v === undefined) problems[`rate-${f.id}`] = t('bo.tariff.number');
      else if (v < f.range.min || v > f.range.max)
        problems[`rate-${f.id}`] = t('bo.tariff.outOfRange', { range: rangeText(f.range, l) });
    }
    setErrors(problems);
    return Object.keys(problems).length === 0;
  }
  async function save() {
    setBusy(true);
    setError(undefined);
    const n = (id: string) => rateFromInput(rates[id] ?? '') as number;
    try {
      const answer = await unwrap(
        api().PUT('/communes/{communeId}/tariffs/{effectiveFrom}', {
          params: {
            path: { communeId, effectiveFrom },
            header: { 'idempotency-key': `tariff-${communeId}-${effectiveFrom}-${crypto.randomUUID()}` },
          },
          headers: await bearer(),
          body: {
            constructionPerM2: Object.fromEntries(CATEGORIES.map((c) => [c, n(`construction-${c}`)])),
            restorationFlat: n('restorationFlat'),
            lotissementRateBp: n('lotissementRateBp'),
            lotissementShareAtAuthorisationBp: n('lotissementShareAtAuthorisationBp'),
            publicDomainPerM2PerMonth: n('publicDomainPerM2PerMonth'),
            fileFee: n('fileFee'),
          },
        }),
      );
      onSaved(answer.effectiveFrom);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const labels = Object.fromEntries([
    ['tariff-from', t('bo.tariff.from')],
    ...fields.map((f) => [`rate-${f.id}`, f.label]),
  ]);
  return (
    <section aria-labelledby="tariff-title" data-testid="tariff-editor">
      <h2 id="tariff-title">{t('bo.tariff.title')}</h2>
      <p class="muted">{t('bo.tariff.lead')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form noValidate onSubmit={(e) => e.preventDefault()}>
        <div class={`field${errors['tariff-from'] ? ' field-error' : ''}`}>
          <label for="f-tariff-from">{t('bo.tariff.from')}</label>
          <input
            id="f-tariff-from"
            type="date"
            value={effectiveFrom}
            onInput={(e) => setEffectiveFrom((e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('bo.tariff.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('bo.tariff.rate')}</th>
                <th scope="col">{t('bo.tariff.value')}</th>
                <th scope="col">{t('bo.tariff.legalRange')}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => {
                const err = errors[`rate-${f.id}`];
                return (
                  <tr key={f.id} data-rate={f.id}>
                    <th scope="row">
                      <label for={`f-rate-${f.id}`}>{f.label}</label>
                    </th>
                    <td>
                      {err && (
                        <p class="error-message" id={`f-rate-${f.id}-error`}>
                          {err}
                        </p>
                      )}
                      <input
                        id={`f-rate-${f.id}`}
                        inputMode="decimal"
                        dir="ltr"
                        value={rates[f.id]}
                        aria-invalid={err ? true : undefined}
                        aria-describedby={`f-rate-${f.id}-range${err ? ` f-rate-${f.id}-error` : ''}`}
                        onInput={(e) => setRates({ ...rates, [f.id]: (e.target as HTMLInputElement).value })}
                      />{' '}
                      {f.range.kind === 'centimes' ? t('bo.tariff.mad') : '%'}
                    </td>
                    <td id={`f-rate-${f.id}-range`}>
                      {rangeText(f.range, l)}
                      <div class="muted" lang="fr">
                        {f.range.unit} — {f.range.basis}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <ConfirmButton
          id="tariff-send"
          label={t('bo.tariff.submit')}
          question={t('bo.tariff.confirm', {
            date: /^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom) ? date(effectiveFrom, l) : effectiveFrom,
          })}
          consequence={t('bo.tariff.consequence')}
          disabled={busy}
          onConfirm={() => check() && void save()}
        />
      </form>
      {error !== undefined && <ErrorPanel error={error} />}
      <h3>{t('bo.tariff.history')}</h3>
      <ul data-testid="tariff-history">
        {[...tariffs]
          .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
          .map((x) => (
            <li key={x.effectiveFrom}>{t('bo.tariff.since', { date: date(x.effectiveFrom, l) })}</li>
          ))}
      </ul>
    </section>
  );
}

type Report = {
  date: string;
  payments: number;
  rows: {
    receiptNumber: string;
    paidAt: string;
    applicationId: string;
    orderId: string;
    transactionId: string;
    lineCode: string;
    beneficiary: string;
    amountCentimes: number;
  }[];
  totals: { totalCentimes: number; byBeneficiary: Record<string, number> };
};

function DayPayments({ communeId }: { communeId: string }) {
  const l = lang.value;
  // None chosen yet: the API answers for its own today in Morocco (its tz data, not this browser's,
  // which may predate a change of Morocco's offset), and the field shows the day it answered for.
  const [chosen, setChosen] = useState<string>();
  const [error, setError] = useState<unknown>();
  const report = useResource(async () => {
    const answer = await unwrap(
      api().GET('/communes/{communeId}/payments', {
        params: { path: { communeId }, query: chosen ? { date: chosen } : {} },
        headers: await bearer(),
      }),
    );
    return answer as unknown as Report;
  }, [communeId, chosen]);
  const day = chosen ?? (report.status === 'ok' ? report.data.date : '');
  const beneficiary = (b: string) => (has(`beneficiary.${b}`) ? t(`beneficiary.${b}` as Key) : b);
  async function csv() {
    setError(undefined);
    try {
      await downloadPdf(
        `/communes/${encodeURIComponent(communeId)}/payments?date=${day}&format=csv`,
        `paiements-${communeId}-${day}.csv`,
      );
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section aria-labelledby="payments-title" data-testid="day-payments">
      <h2 id="payments-title">{t('bo.payments.title')}</h2>
      <div class="field">
        <label for="f-payments-day">{t('bo.payments.day')}</label>
        <input
          id="f-payments-day"
          type="date"
          value={day}
          onInput={(e) => {
            const v = (e.target as HTMLInputElement).value;
            if (/^\d{4}-\d{2}-\d{2}$/.test(v)) setChosen(v);
          }}
        />
      </div>
      <Loaded resource={report}>
        {(r) => (
          <>
            <p role="status">
              {t('bo.payments.count', { n: r.payments, total: money(r.totals.totalCentimes, l) })}
            </p>
            {r.rows.length > 0 && (
              <div class="table-wrap">
                <table data-testid="payments-table">
                  <caption class="visually-hidden">{t('bo.payments.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('file.receiptNumber')}</th>
                      <th scope="col">{t('bo.payments.paidAt')}</th>
                      <th scope="col">{t('pay.beneficiary')}</th>
                      <th scope="col">{t('pay.amount')}</th>
                      <th scope="col">{t('bo.payments.transaction')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.rows.map((row) => (
                      <tr key={`${row.orderId}-${row.lineCode}`}>
                        <th scope="row">
                          <bdi dir="ltr">{row.receiptNumber}</bdi>
                        </th>
                        <td>{row.paidAt ? dateTime(row.paidAt, l) : '—'}</td>
                        <td>{beneficiary(row.beneficiary)}</td>
                        <td class="num">{money(row.amountCentimes, l)}</td>
                        <td>
                          <bdi dir="ltr">{row.transactionId}</bdi>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    {Object.entries(r.totals.byBeneficiary).map(([b, c]) => (
                      <tr key={b}>
                        <th scope="row" colSpan={3}>
                          {t('bo.payments.totalFor', { beneficiary: beneficiary(b) })}
                        </th>
                        <td class="num">{money(c, l)}</td>
                        <td />
                      </tr>
                    ))}
                  </tfoot>
                </table>
              </div>
            )}
            <button type="button" class="button button-secondary" onClick={() => void csv()}>
              {t('bo.payments.csv')}
            </button>
            {error !== undefined && <ErrorPanel error={error} />}
          </>
        )}
      </Loaded>
    </section>
  );
}
