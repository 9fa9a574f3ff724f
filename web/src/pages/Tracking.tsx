import { useState } from 'preact/hooks';
import { ApiError, api, fieldErrors, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.gen.ts';
import { describedBy, ErrorPanel, ErrorSummary, Field, Loading, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { date, dateTime, labelled, named } from '../lib/format.ts';
import { href } from '../routes.ts';

type Tracked = paths['/tracking']['post']['responses'][200]['content']['application/json'];
type Names = {
  procedure?: { labelFr: string; labelAr: string };
  commune?: { nameFr: string; nameAr: string };
};

/** A commune's id starts with its province's code (`cas-casablanca` is in `MA-CAS`, shared/domain/geo). */
const provinceOf = (communeId: string) => `MA-${communeId.slice(0, 3).toUpperCase()}`;

/** The procedure's and the commune's names, from the public catalogue and the map; the ids if those fail. */
async function namesOf(r: Tracked): Promise<Names> {
  const [catalogue, communes] = await Promise.all([
    unwrap(api().GET('/procedures')).catch(() => undefined),
    unwrap(
      api().GET('/geo/provinces/{provinceId}/communes', {
        params: { path: { provinceId: provinceOf(r.communeId) } },
      }),
    ).catch(() => undefined),
  ]);
  return {
    procedure: catalogue?.procedures.find((p) => p.code === r.procedureCode),
    commune: communes?.communes.find((c) => c.id === r.communeId),
  };
}

function Result({ r, names }: { r: Tracked; names: Names }) {
  const l = lang.value;
  return (
    <section class="panel" data-outcome="found" aria-labelledby="tracking-result">
      <h2 id="tracking-result">
        {t('tracking.resultTitle')} <bdi dir="ltr">{r.receiptNumber}</bdi>
      </h2>
      <dl class="facts">
        <dt>{t('files.status')}</dt>
        <dd>
          <span class={`badge status-${r.status}`} data-status={r.status}>
            {t(`status.${r.status}` as Key)}
          </span>
        </dd>
        <dt>{t('verify.procedure')}</dt>
        <dd>{names.procedure ? labelled(names.procedure, l) : r.procedureCode}</dd>
        <dt>{t('common.commune')}</dt>
        <dd>{names.commune ? named(names.commune, l) : r.communeId}</dd>
        {r.submittedAt && (
          <>
            <dt>{t('tracking.submittedAt')}</dt>
            <dd>{dateTime(r.submittedAt, l)}</dd>
          </>
        )}
        {r.deadlineDate && !r.permitNumber && (
          <>
            <dt>{t('file.deadline')}</dt>
            <dd>{date(r.deadlineDate, l)}</dd>
          </>
        )}
        {r.permitNumber && (
          <>
            <dt>{t('verify.permitNumber')}</dt>
            <dd>
              <bdi dir="ltr" class="mono">
                {r.permitNumber}
              </bdi>{' '}
              — <a href={href('verify', l, { permitNumber: r.permitNumber })}>{t('tracking.verifyPermit')}</a>
            </dd>
          </>
        )}
      </dl>
      <p>{t(`tracking.next.${r.status}` as Key)}</p>
      <h3>{t('timeline.title')}</h3>
      {r.timeline.length ? (
        <ol class="timeline" data-testid="tracking-timeline">
          {[...r.timeline].reverse().map((e, i) => (
            <li key={`${e.at}-${i}`} data-event={e.type}>
              <time dateTime={e.at}>{dateTime(e.at, l)}</time> — {t(`event.${e.type}` as Key)}
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">{t('tracking.noSteps')}</p>
      )}
    </section>
  );
}

/**
 * Public file tracking: a citizen without an account follows a file with its receipt number and the
 * applicant's CIN. The CIN goes in the POST body (`POST /tracking`), never in a URL or the history;
 * the API counts tries per receipt number and says the same thing for an unknown receipt and a wrong CIN.
 */
export default function Tracking() {
  const [values, setValues] = useState({ receiptNumber: '', cin: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ r?: Tracked; names?: Names; error?: unknown }>();
  const [busy, setBusy] = useState(false);
  const labels = { receiptNumber: t('file.receiptNumber'), cin: t('tracking.cin') };

  async function submit(e: Event) {
    e.preventDefault();
    const body = { receiptNumber: values.receiptNumber.trim(), cin: values.cin.trim() };
    const errs: Record<string, string> = {};
    if (body.receiptNumber.length < 3) errs.receiptNumber = t('tracking.receiptRequired');
    if (body.cin.length < 2) errs.cin = t('tracking.cinRequired');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setResult(undefined);
    try {
      const r = await unwrap(api().POST('/tracking', { body }));
      setResult({ r, names: await namesOf(r) });
    } catch (error) {
      const f = fieldErrors(error);
      if (Object.keys(f).length)
        setErrors({
          ...(f.receiptNumber && { receiptNumber: f.receiptNumber }),
          ...(f.cin && { cin: f.cin }),
        });
      else setResult({ error });
    } finally {
      setBusy(false);
    }
  }

  const error = result?.error;
  const problem = error instanceof ApiError ? error : undefined;
  const set = (k: 'receiptNumber' | 'cin') => (e: Event) =>
    setValues({ ...values, [k]: (e.target as HTMLInputElement).value });
  return (
    <Page title={t('tracking.title')} lead={t('tracking.lead')}>
      <ErrorSummary errors={errors} labels={labels} />
      {/* method=post: even a form submitted without the script never puts the CIN in a URL. */}
      <form method="post" onSubmit={submit} noValidate>
        <Field
          name="receiptNumber"
          label={labels.receiptNumber}
          hint={t('tracking.receiptHint')}
          error={errors.receiptNumber}
        >
          <input
            id="f-receiptNumber"
            name="receiptNumber"
            dir="ltr"
            autoComplete="off"
            spellcheck={false}
            value={values.receiptNumber}
            aria-invalid={errors.receiptNumber ? true : undefined}
            aria-describedby={describedBy('receiptNumber', 'hint', errors.receiptNumber)}
            onInput={set('receiptNumber')}
          />
        </Field>
        <Field name="cin" label={labels.cin} hint={t('tracking.cinHint')} error={errors.cin}>
          <input
            id="f-cin"
            name="cin"
            dir="ltr"
            autoComplete="off"
            spellcheck={false}
            value={values.cin}
            aria-invalid={errors.cin ? true : undefined}
            aria-describedby={describedBy('cin', 'hint', errors.cin)}
            onInput={set('cin')}
          />
        </Field>
        <button type="submit" class="button" disabled={busy}>
          {t('tracking.submit')}
        </button>
      </form>
      <div aria-live="polite">
        {busy && <Loading />}
        {result?.r && result.names && <Result r={result.r} names={result.names} />}
        {problem && (problem.status === 404 || problem.status === 429) ? (
          <section
            class="panel panel-warning"
            role="alert"
            data-outcome={problem.status === 404 ? 'not-found' : 'too-many'}
          >
            <h2>{t(problem.status === 404 ? 'tracking.notFoundTitle' : 'tracking.tooManyTitle')}</h2>
            {/* The API's own words, in the page's language (Accept-Language). */}
            <p data-testid="tracking-detail">{problem.problem.detail ?? problem.problem.title}</p>
            <p class="muted">
              {t(problem.status === 404 ? 'tracking.notFoundHelp' : 'tracking.tooManyHelp')}
            </p>
          </section>
        ) : (
          error !== undefined && <ErrorPanel error={error} />
        )}
      </div>
    </Page>
  );
}
