import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import { session } from '../auth/session.ts';
import { CheckboxField, FilterSelect, SearchField } from '../components/filters.tsx';
import { Loaded, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { labelled } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { href } from '../paths.ts';
import { bearer } from '../workspace/auth.ts';
import { type ApplicationStatus, STATUSES } from '../workspace/model.ts';
import { SignedOut } from '../workspace/SignedOut.tsx';
import { Pager, useCursorPages } from './common.tsx';
import { deskMatches } from './rules.ts';
import { WorklistTable } from './WorklistTable.tsx';

type Procedures = Awaited<ReturnType<typeof loadCatalogue>>;
const loadCatalogue = async () => unwrap(api().GET('/procedures'));

/**
 * The desk agent's worklist: the commune's files, soonest legal deadline first (`GET /worklists/desk`),
 * filtered by status and procedure on the server, closed files on request, paged by cursor. "Overdue
 * only" filters the page shown. The search filters the page shown at once and, from three characters,
 * also asks `GET /search` (receipt, land title, applicant name or CIN, permit number, within the
 * commune) for the files that are not on this page.
 */
export default function DeskWorklist() {
  const l = lang.value;
  const [status, setStatus] = useState<ApplicationStatus | ''>('');
  const [procedure, setProcedure] = useState('');
  const [closed, setClosed] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim(), 350);
  const pages = useCursorPages(`${status}|${procedure}|${closed}`);
  const catalogue = useResource(loadCatalogue, []);
  const list = useResource(async () => {
    const query = {
      ...(status ? { status } : {}),
      ...(procedure ? { procedureCode: procedure as never } : {}),
      closed: closed ? ('true' as const) : ('false' as const),
      limit: 20,
      ...(pages.cursor ? { cursor: pages.cursor } : {}),
    };
    return unwrap(api().GET('/worklists/desk', { params: { query }, headers: await bearer() }));
  }, [status, procedure, closed, pages.cursor, session.value?.username]);
  if (!session.value) return <SignedOut title={t('bo.desk.title')} />;
  const procedures = new Map(
    (catalogue.status === 'ok' ? (catalogue.data as Procedures).procedures : []).map((p) => [p.code, p]),
  );
  return (
    <Page title={t('bo.desk.title')} lead={t('bo.desk.lead')}>
      <search class="filters">
        <FilterSelect
          id="f-desk-status"
          label={t('files.status')}
          value={status}
          choices={[
            { value: '', label: t('bo.any') },
            ...STATUSES.filter((s) => s !== 'DRAFT').map((s) => ({
              value: s,
              label: t(`status.${s}` as Key),
            })),
          ]}
          onChange={(value) => setStatus(value as ApplicationStatus | '')}
        />
        <FilterSelect
          id="f-desk-procedure"
          label={t('wizard.procedure')}
          value={procedure}
          choices={[
            { value: '', label: t('bo.any') },
            ...[...procedures.values()].map((p) => ({ value: p.code, label: labelled(p, l) })),
          ]}
          onChange={setProcedure}
        />
        <CheckboxField id="f-desk-closed" label={t('bo.desk.closed')} checked={closed} onChange={setClosed} />
        <CheckboxField
          id="f-desk-overdue"
          label={t('bo.desk.overdue')}
          checked={overdue}
          onChange={setOverdue}
        />
        <SearchField
          id="f-desk-search"
          label={t('files.search')}
          hint={t('bo.desk.searchHint')}
          value={q}
          onInput={setQ}
        />
      </search>
      <Loaded resource={list}>
        {(data) => {
          const shown = data.items.filter((a) => (!overdue || a.overdue) && deskMatches(a, q));
          return (
            <>
              <p role="status" class="muted">
                {t('files.count', { n: shown.length, total: data.items.length })}
              </p>
              {shown.length === 0 ? (
                <p>{t('bo.empty')}</p>
              ) : (
                <WorklistTable items={shown} procedures={procedures} caption={t('bo.desk.title')} />
              )}
              <Pager pages={pages} nextCursor={data.nextCursor} />
              {term.length >= 3 && (
                <ServerSearch
                  term={term}
                  onPage={new Set(data.items.map((a) => a.id))}
                  procedures={procedures}
                />
              )}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}

const useDebounced = (value: string, ms: number) => {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
};

/** The commune's files that match beyond the page shown (`GET /search`: exact terms, at most 50). */
function ServerSearch({
  term,
  onPage,
  procedures,
}: {
  term: string;
  onPage: Set<string>;
  procedures: Map<string, Procedures['procedures'][number]>;
}) {
  const l = lang.value;
  const found = useResource(
    async () => unwrap(api().GET('/search', { params: { query: { q: term } }, headers: await bearer() })),
    [term],
  );
  return (
    <section aria-labelledby="desk-search-title">
      <h2 id="desk-search-title">{t('bo.desk.searchElsewhere', { q: term })}</h2>
      <Loaded resource={found}>
        {(data) => {
          const others = data.results.filter((r) => !onPage.has(r.id));
          if (others.length === 0) return <p class="muted">{t('bo.desk.searchNone')}</p>;
          return (
            <div class="table-wrap">
              <table class="files-table" data-testid="search-results">
                <caption class="visually-hidden">{t('bo.desk.searchElsewhere', { q: term })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('files.file')}</th>
                    <th scope="col">{t('wizard.applicant')}</th>
                    <th scope="col">{t('files.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {others.map((r) => {
                    const p = procedures.get(r.procedureCode);
                    return (
                      <tr key={r.id} data-found={r.id}>
                        <th scope="row">
                          <a href={href('file', l, { id: r.id })}>
                            <bdi dir="ltr">{r.receiptNumber ?? r.id}</bdi>
                          </a>
                          <div class="muted">
                            {p ? labelled(p, l) : r.procedureCode} · <bdi>{r.landTitle}</bdi>
                          </div>
                        </th>
                        <td>
                          <bdi>{r.applicantName}</bdi>
                        </td>
                        <td>
                          <span class={`badge status-${r.status}`}>{t(`status.${r.status}` as Key)}</span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          );
        }}
      </Loaded>
    </section>
  );
}
