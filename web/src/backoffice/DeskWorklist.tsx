import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import { session } from '../auth/session.ts';
import { Loaded, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { labelled } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
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
 * only" and the search run over the page shown: this branch's API has no search route yet.
 */
export default function DeskWorklist() {
  const l = lang.value;
  const [status, setStatus] = useState<ApplicationStatus | ''>('');
  const [procedure, setProcedure] = useState('');
  const [closed, setClosed] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState('');
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
        <div class="field">
          <label for="f-desk-status">{t('files.status')}</label>
          <select
            id="f-desk-status"
            value={status}
            onChange={(e) => setStatus((e.target as HTMLSelectElement).value as ApplicationStatus | '')}
          >
            <option value="">{t('bo.any')}</option>
            {STATUSES.filter((s) => s !== 'DRAFT').map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}` as Key)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-desk-procedure">{t('wizard.procedure')}</label>
          <select
            id="f-desk-procedure"
            value={procedure}
            onChange={(e) => setProcedure((e.target as HTMLSelectElement).value)}
          >
            <option value="">{t('bo.any')}</option>
            {[...procedures.values()].map((p) => (
              <option key={p.code} value={p.code}>
                {labelled(p, l)}
              </option>
            ))}
          </select>
        </div>
        <div class="field checkbox">
          <input
            id="f-desk-closed"
            type="checkbox"
            checked={closed}
            onChange={(e) => setClosed((e.target as HTMLInputElement).checked)}
          />
          <label for="f-desk-closed">{t('bo.desk.closed')}</label>
        </div>
        <div class="field checkbox">
          <input
            id="f-desk-overdue"
            type="checkbox"
            checked={overdue}
            onChange={(e) => setOverdue((e.target as HTMLInputElement).checked)}
          />
          <label for="f-desk-overdue">{t('bo.desk.overdue')}</label>
        </div>
        <div class="field">
          <label for="f-desk-search">{t('files.search')}</label>
          <p class="hint" id="f-desk-search-hint">
            {t('bo.desk.searchHint')}
          </p>
          <input
            id="f-desk-search"
            type="search"
            value={q}
            aria-describedby="f-desk-search-hint"
            onInput={(e) => setQ((e.target as HTMLInputElement).value)}
          />
        </div>
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
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
