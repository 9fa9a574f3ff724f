import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import { idToken, session, signOut } from '../auth/session.ts';
import { Loaded, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { useResource } from '../lib/resource.ts';
import { navigate } from '../lib/router.ts';
import { href } from '../routes.ts';

/** The signed-in home: who you are for the platform (`GET /me`: roles and scope); later issues fill it per role. */
export default function Workspace() {
  const l = lang.value;
  const [leaving, setLeaving] = useState(false);
  const me = useResource(async () => {
    const token = await idToken();
    if (!token) return null;
    return unwrap(api().GET('/me', { headers: { authorization: `Bearer ${token}` } }));
  }, [session.value?.username]);

  if (!session.value && !leaving)
    return (
      <Page title={t('workspace.title')}>
        <div class="panel panel-warning" role="status">
          <p>{t('workspace.signedOut')}</p>
          <p>
            <a href={href('signIn', l)}>{t('auth.signIn')}</a>
          </p>
        </div>
      </Page>
    );

  async function leave() {
    setLeaving(true);
    await signOut();
    navigate(href('signIn', l));
  }

  return (
    <Page title={t('workspace.title')}>
      <Loaded resource={me}>
        {(m) =>
          m && (
            <>
              <p class="lead">{t('workspace.hello', { name: m.username })}</p>
              <dl class="facts" data-testid="me">
                <dt>{t('workspace.roles')}</dt>
                <dd>
                  {m.roles.length
                    ? m.roles.map((r) => t(`role.${r}` as Key)).join(', ')
                    : t('workspace.noRole')}
                </dd>
                {m.scope.communeId && (
                  <>
                    <dt>{t('common.commune')}</dt>
                    <dd class="mono">{m.scope.communeId}</dd>
                  </>
                )}
                {m.scope.provinceId && (
                  <>
                    <dt>{t('common.province')}</dt>
                    <dd class="mono">{m.scope.provinceId}</dd>
                  </>
                )}
                {m.scope.agencyId && (
                  <>
                    <dt>{t('workspace.agency')}</dt>
                    <dd>{t(`agency.${m.scope.agencyId}` as Key)}</dd>
                  </>
                )}
              </dl>
              <div class="panel">
                <h2>{t('workspace.nextTitle')}</h2>
                <ul>
                  {m.roles.map((r) => (
                    <li key={r}>{t(`workspace.next.${r}` as Key)}</li>
                  ))}
                </ul>
              </div>
            </>
          )
        }
      </Loaded>
      <p>
        <button type="button" class="button button-secondary" onClick={leave} disabled={leaving}>
          {t('auth.signOut')}
        </button>
      </p>
    </Page>
  );
}
