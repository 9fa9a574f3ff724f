import { useState } from 'preact/hooks';
import { ApiError, api, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.gen.ts';
import { idToken, session, signOut } from '../auth/session.ts';
import { Loaded, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { dateTime, named } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { navigate } from '../lib/router.ts';
import { href, type PageName } from '../routes.ts';
import { MyFiles } from '../workspace/MyFiles.tsx';

type Profile = NonNullable<
  paths['/professionals/me']['get']['responses'][200]['content']['application/json']
>;

/** Where a professional's registration stands and what to do next. */
function Registration({ profile }: { profile: Profile }) {
  const l = lang.value;
  const kind = profile.status === 'VERIFIED' ? 'ok' : profile.status === 'REJECTED' ? 'error' : 'warning';
  return (
    <section
      class={`panel panel-${kind}`}
      aria-labelledby="registration-title"
      data-registration={profile.status}
    >
      <h2 id="registration-title">{t(`registration.${profile.status}` as Key)}</h2>
      <p>{t(`registration.${profile.status}.next` as Key)}</p>
      <p class="muted">
        {t('registration.since', { date: dateTime(profile.registeredAt, l) })}
        {profile.verifiedAt &&
          ` · ${t('registration.verifiedOn', { date: dateTime(profile.verifiedAt, l) })}`}
      </p>
      {profile.rejectionReason && (
        <p>
          {t('registration.reason')} <bdi lang="">{profile.rejectionReason}</bdi>
        </p>
      )}
    </section>
  );
}

/** The back-office screen of each civil-servant role that has one. */
const ROLE_SCREENS: Record<string, PageName | undefined> = {
  desk_agent: 'desk',
  commission_member: 'commission',
  signatory: 'signature',
  commune_treasurer: 'treasury',
  province_contact: 'province',
  ministry_admin: 'ministry',
};

/** The signed-in home: who you are for the platform (`GET /me`: roles and scope); later issues fill it per role. */
export default function Workspace() {
  const l = lang.value;
  const [leaving, setLeaving] = useState(false);
  const me = useResource(async () => {
    const token = await idToken();
    if (!token) return null;
    const who = await unwrap(api().GET('/me', { headers: { authorization: `Bearer ${token}` } }));
    // The scope's places by name, in both languages (public reference data); codes if that fails.
    const provinceId = who.scope.provinceId;
    const places = provinceId
      ? await unwrap(
          api().GET('/geo/provinces/{provinceId}/communes', { params: { path: { provinceId } } }),
        ).catch(() => undefined)
      : undefined;
    const commune = places?.communes.find((c) => c.id === who.scope.communeId);
    // A professional's registration: awaiting verification, verified or rejected (what to do next).
    const profile = who.roles.includes('professional')
      ? await unwrap(api().GET('/professionals/me', { headers: { authorization: `Bearer ${token}` } })).catch(
          () => undefined,
        )
      : undefined;
    return { ...who, province: places?.province, commune, profile };
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
      {me.status === 'error' && me.error instanceof ApiError && me.error.status === 401 ? (
        <div class="panel panel-warning" role="status">
          <p>{t('error.unauthenticated')}</p>
          {me.error.problem.detail && <p class="muted">{me.error.problem.detail}</p>}
          <p>
            <a href={href('signIn', l)} onClick={() => void signOut()}>
              {t('auth.signIn')}
            </a>
          </p>
        </div>
      ) : (
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
                      <dd>{m.commune ? named(m.commune, l) : m.scope.communeId}</dd>
                    </>
                  )}
                  {m.scope.provinceId && (
                    <>
                      <dt>{t('common.province')}</dt>
                      <dd>{m.province ? named(m.province, l) : m.scope.provinceId}</dd>
                    </>
                  )}
                  {m.scope.agencyId && (
                    <>
                      <dt>{t('workspace.agency')}</dt>
                      <dd>{t(`agency.${m.scope.agencyId}` as Key)}</dd>
                    </>
                  )}
                </dl>
                {m.profile && <Registration profile={m.profile} />}
                {(m.roles.includes('applicant') ||
                  m.roles.includes('business') ||
                  (m.roles.includes('professional') &&
                    m.profile?.status !== 'PENDING_VERIFICATION' &&
                    m.profile?.status !== 'REJECTED')) && <MyFiles roles={m.roles} />}
                {m.roles.some((r) => r !== 'professional' && r !== 'applicant' && r !== 'business') && (
                  <div class="panel">
                    <h2>{t('workspace.nextTitle')}</h2>
                    <ul>
                      {m.roles.map((r) => {
                        const screen = ROLE_SCREENS[r];
                        return (
                          <li key={r}>
                            {screen ? (
                              <a href={href(screen, l)} data-screen={screen}>
                                {t(`workspace.next.${r}` as Key)}
                              </a>
                            ) : (
                              t(`workspace.next.${r}` as Key)
                            )}
                          </li>
                        );
                      })}
                      <li>
                        <a href={href('search', l)} data-screen="search">
                          {t('workspace.searchLink')}
                        </a>
                      </li>
                    </ul>
                  </div>
                )}
              </>
            )
          }
        </Loaded>
      )}
      <p>
        <button type="button" class="button button-secondary" onClick={leave} disabled={leaving}>
          {t('auth.signOut')}
        </button>
      </p>
    </Page>
  );
}
