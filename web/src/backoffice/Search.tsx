import { useMemo, useState } from 'preact/hooks';
import { ApiError, api, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.gen.ts';
import { session } from '../auth/session.ts';
import { describedBy, ErrorPanel, ErrorSummary, Field, Loading, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { date, labelled, named } from '../lib/format.ts';
import { href } from '../paths.ts';
import { bearer } from '../workspace/auth.ts';
import { SignedOut } from '../workspace/SignedOut.tsx';

type Found = paths['/search']['get']['responses'][200]['content']['application/json']['results'];
type Named = { nameFr: string; nameAr: string };
type Labelled = { labelFr: string; labelAr: string };

/** A commune's id starts with its province's code (`cas-casablanca` is in `MA-CAS`, shared/domain/geo). */
const provinceOf = (communeId: string) => `MA-${communeId.slice(0, 3).toUpperCase()}`;

/** The results with the procedures' and communes' names (one call per province found); ids if those fail. */
async function search(q: string) {
  const { results } = await unwrap(
    api().GET('/search', { params: { query: { q } }, headers: await bearer() }),
  );
  const provinces = [...new Set(results.map((r) => provinceOf(r.communeId)))];
  const [catalogue, ...lists] = await Promise.all([
    unwrap(api().GET('/procedures')).catch(() => undefined),
    ...provinces.map((provinceId) =>
      unwrap(api().GET('/geo/provinces/{provinceId}/communes', { params: { path: { provinceId } } })).catch(
        () => undefined,
      ),
    ),
  ]);
  const procedures = new Map<string, Labelled>(catalogue?.procedures.map((p) => [p.code, p]) ?? []);
  const communes = new Map<string, Named>(lists.flatMap((c) => c?.communes.map((x) => [x.id, x]) ?? []));
  return { q, results, procedures, communes };
}

function Results({ found }: { found: Awaited<ReturnType<typeof search>> }) {
  const l = lang.value;
  const { results, procedures, communes } = found;
  return (
    <section aria-labelledby="search-results-title">
      <h2 id="search-results-title">{t('bo.search.resultsTitle', { q: found.q })}</h2>
      <p role="status" class="muted" data-testid="search-count">
        {t('bo.search.count', { n: results.length })}
      </p>
      {results.length === 0 ? (
        <p>{t('bo.search.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="files-table" data-testid="search-results">
            <caption class="visually-hidden">{t('bo.search.resultsTitle', { q: found.q })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('files.file')}</th>
                <th scope="col">{t('wizard.applicant')}</th>
                <th scope="col">{t('common.commune')}</th>
                <th scope="col">{t('files.status')}</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r: Found[number]) => {
                const p = procedures.get(r.procedureCode);
                const c = communes.get(r.communeId);
                return (
                  <tr key={r.id} data-found={r.id}>
                    <th scope="row">
                      <a href={href('file', l, { id: r.id })}>
                        <bdi dir="ltr">{r.receiptNumber ?? t('files.draftNoReceipt')}</bdi>
                      </a>
                      <div class="muted">
                        {p ? labelled(p, l) : r.procedureCode} · {t('bo.search.landTitle')}{' '}
                        <bdi>{r.landTitle}</bdi>
                      </div>
                      {r.permitNumber && (
                        <div class="muted">
                          {t('verify.permitNumber')} <bdi dir="ltr">{r.permitNumber}</bdi>
                        </div>
                      )}
                    </th>
                    <td>
                      <bdi>{r.applicantName}</bdi>
                    </td>
                    <td>{c ? named(c, l) : r.communeId}</td>
                    <td>
                      <span class={`badge status-${r.status}`} data-status={r.status}>
                        {t(`status.${r.status}` as Key)}
                      </span>
                      {r.deadlineDate && (
                        <div class="muted">{t('clock.deadline', { date: date(r.deadlineDate, l) })}</div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * Staff search (`GET /search`): a receipt number, a land title, an applicant's name or CIN, a permit
 * number, within what the caller may read (the API applies the same scope as opening a file). The
 * term stays in the page's state, not in its URL (a CIN would stay in the browser's history).
 */
export default function Search() {
  const [q, setQ] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ found?: Awaited<ReturnType<typeof search>>; error?: unknown }>();
  // One object per error: the summary takes the focus when its errors change, not at every keystroke.
  const summary = useMemo((): Record<string, string> => (error ? { q: error } : {}), [error]);
  if (!session.value) return <SignedOut title={t('bo.search.title')} />;

  async function submit(e: Event) {
    e.preventDefault();
    const term = q.trim();
    if (!term) {
      setError(t('bo.search.required'));
      return;
    }
    setError(undefined);
    setBusy(true);
    setOutcome(undefined);
    try {
      setOutcome({ found: await search(term) });
    } catch (err) {
      // A term the API refuses (422 search-too-short) is said next to the field, in the API's words.
      if (err instanceof ApiError && err.status === 422) setError(err.problem.detail ?? err.message);
      else setOutcome({ error: err });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Page title={t('bo.search.title')} lead={t('bo.search.lead')}>
      <ErrorSummary errors={summary} labels={{ q: t('bo.search.label') }} />
      <search>
        <form onSubmit={submit} noValidate>
          <Field name="q" label={t('bo.search.label')} hint={t('bo.search.hint')} error={error}>
            <input
              id="f-q"
              name="q"
              type="search"
              autoComplete="off"
              spellcheck={false}
              value={q}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy('q', 'hint', error)}
              onInput={(e) => setQ((e.target as HTMLInputElement).value)}
            />
          </Field>
          <button type="submit" class="button" disabled={busy}>
            {t('bo.search.submit')}
          </button>
        </form>
      </search>
      <div aria-live="polite">
        {busy && <Loading />}
        {outcome?.found && <Results found={outcome.found} />}
        {outcome?.error !== undefined && <ErrorPanel error={outcome.error} />}
      </div>
    </Page>
  );
}
