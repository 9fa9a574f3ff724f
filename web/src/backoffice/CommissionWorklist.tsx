import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import { session } from '../auth/session.ts';
import { Loaded, Page } from '../components/ui.tsx';
import { t } from '../i18n/index.ts';
import { useResource } from '../lib/resource.ts';
import { bearer } from '../workspace/auth.ts';
import { SignedOut } from '../workspace/SignedOut.tsx';
import { Pager, useCursorPages } from './common.tsx';
import { WorklistTable } from './WorklistTable.tsx';

/** The commission member's worklist: files referred to their agency in their territory, waiting or answered. */
export default function CommissionWorklist() {
  const [answered, setAnswered] = useState(false);
  const pages = useCursorPages(String(answered));
  const catalogue = useResource(() => unwrap(api().GET('/procedures')), []);
  const list = useResource(async () => {
    const query = {
      answered: answered ? ('true' as const) : ('false' as const),
      limit: 20,
      ...(pages.cursor ? { cursor: pages.cursor } : {}),
    };
    return unwrap(api().GET('/worklists/commission', { params: { query }, headers: await bearer() }));
  }, [answered, pages.cursor, session.value?.username]);
  if (!session.value) return <SignedOut title={t('bo.commission.title')} />;
  const procedures = new Map(
    (catalogue.status === 'ok' ? catalogue.data.procedures : []).map((p) => [p.code, p]),
  );
  return (
    <Page title={t('bo.commission.title')} lead={t('bo.commission.lead')}>
      <search class="filters">
        <div class="field">
          <label for="f-commission-answered">{t('bo.commission.show')}</label>
          <select
            id="f-commission-answered"
            value={String(answered)}
            onChange={(e) => setAnswered((e.target as HTMLSelectElement).value === 'true')}
          >
            <option value="false">{t('bo.commission.pending')}</option>
            <option value="true">{t('bo.commission.answered')}</option>
          </select>
        </div>
      </search>
      <Loaded resource={list}>
        {(data) => (
          <>
            {data.items.length === 0 ? (
              <p>{t('bo.empty')}</p>
            ) : (
              <WorklistTable items={data.items} procedures={procedures} caption={t('bo.commission.title')} />
            )}
            <Pager pages={pages} nextCursor={data.nextCursor} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
