import { Page } from '../components/ui.tsx';
import { lang, t } from '../i18n/index.ts';
import { path, query } from '../lib/router.ts';
import { href } from '../paths.ts';

/** A workspace page opened without a session: sign in, then come back here (what was typed is kept). */
export function SignedOut({ title, keep = false }: { title: string; keep?: boolean }) {
  const next = encodeURIComponent(path.value + query.value);
  return (
    <Page title={title}>
      <div class="panel panel-warning" role="status">
        <p>{t('workspace.signedOut')}</p>
        {keep && <p>{t('wizard.keptUntilSignIn')}</p>}
        <p>
          <a href={`${href('signIn', lang.value)}?next=${next}`}>{t('auth.signIn')}</a>
        </p>
      </div>
    </Page>
  );
}
