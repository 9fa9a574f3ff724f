import { api, unwrap } from '../api/client.ts';
import { session } from '../auth/session.ts';
import { Loaded, Page } from '../components/ui.tsx';
import { t } from '../i18n/index.ts';
import { useResource } from '../lib/resource.ts';
import { bearer } from '../workspace/auth.ts';
import { SignedOut } from '../workspace/SignedOut.tsx';
import { Pager, useCursorPages } from './common.tsx';
import { MyKey } from './SigningKey.tsx';
import { WorklistTable } from './WorklistTable.tsx';

/** The signatory's page: their key (first-use PIN change, locked or not) and the paid files waiting for a signature. */
export default function SignatureWorklist() {
  const pages = useCursorPages('');
  const catalogue = useResource(() => unwrap(api().GET('/procedures')), []);
  const list = useResource(async () => {
    const query = { limit: 20, ...(pages.cursor ? { cursor: pages.cursor } : {}) };
    return unwrap(api().GET('/worklists/signature', { params: { query }, headers: await bearer() }));
  }, [pages.cursor, session.value?.username]);
  if (!session.value) return <SignedOut title={t('bo.signature.title')} />;
  const procedures = new Map(
    (catalogue.status === 'ok' ? catalogue.data.procedures : []).map((p) => [p.code, p]),
  );
  return (
    <Page title={t('bo.signature.title')} lead={t('bo.signature.lead')}>
      <MyKey />
      <section aria-labelledby="to-sign-title">
        <h2 id="to-sign-title">{t('bo.signature.toSign')}</h2>
        <Loaded resource={list}>
          {(data) => (
            <>
              {data.items.length === 0 ? (
                <p>{t('bo.empty')}</p>
              ) : (
                <WorklistTable
                  items={data.items}
                  procedures={procedures}
                  caption={t('bo.signature.toSign')}
                />
              )}
              <Pager pages={pages} nextCursor={data.nextCursor} />
            </>
          )}
        </Loaded>
      </section>
    </Page>
  );
}
