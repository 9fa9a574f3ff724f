import { Component, type ComponentChildren, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { session } from './auth/session.ts';
import { ErrorPanel, Loading } from './components/ui.tsx';
import { applyLang, lang, otherLang, preferredLang, t } from './i18n/index.ts';
import { navigate, path, query } from './lib/router.ts';
import { href, LOADERS, type PageName, type PageProps, type Resolved, resolvePath } from './routes.ts';

/** Catches a rendering error anywhere below it and shows the error panel instead of a blank screen. */
class Boundary extends Component<{ children: ComponentChildren; reset: string }, { error?: unknown }> {
  override state: { error?: unknown } = {};
  override componentDidCatch(error: unknown) {
    console.error(error);
    this.setState({ error });
  }
  override componentDidUpdate(previous: { reset: string }) {
    if (previous.reset !== this.props.reset && this.state.error) this.setState({ error: undefined });
  }
  render() {
    return this.state.error ? (
      <ErrorPanel error={this.state.error} retry={() => this.setState({ error: undefined })} />
    ) : (
      this.props.children
    );
  }
}

/** Loads the page's chunk; a chunk that fails to load (offline, new deployment) gets a retry. */
function RouteView({ route }: { route: Extract<Resolved, { kind: 'page' }> }) {
  const [loaded, setLoaded] = useState<{ key: string; Page?: ComponentType<PageProps>; error?: unknown }>();
  const [attempt, setAttempt] = useState(0);
  const key = `${route.name}:${attempt}`;
  useEffect(() => {
    let live = true;
    LOADERS[route.name]().then(
      (m) => live && setLoaded({ key, Page: m.default }),
      (error) => live && setLoaded({ key, error }),
    );
    return () => {
      live = false;
    };
  }, [key, route.name]);
  if (!loaded || loaded.key !== key) return <Loading />;
  if (loaded.error || !loaded.Page)
    return <ErrorPanel error={loaded.error} retry={() => setAttempt((n) => n + 1)} />;
  const Page = loaded.Page;
  return <Page params={route.params} />;
}

const NAV: { name: PageName; key: Parameters<typeof t>[0] }[] = [
  { name: 'home', key: 'nav.home' },
  { name: 'procedures', key: 'nav.procedures' },
  { name: 'simulator', key: 'nav.simulator' },
  { name: 'verifyForm', key: 'nav.verify' },
  { name: 'tracking', key: 'nav.tracking' },
  { name: 'rankings', key: 'nav.rankings' },
  { name: 'register', key: 'nav.register' },
];

function Header({ current }: { current: PageName | 'notFound' }) {
  const l = lang.value;
  const other = otherLang(l);
  const rest = path.value.replace(/^\/(fr|ar)(?=\/|$)/, '');
  const signedIn = !!session.value;
  const isCurrent = (n: PageName) => current === n || (n === 'verifyForm' && current === 'verify');
  return (
    <header class="site-header">
      <div class="bar">
        <a class="brand" href={href('home', l)}>
          <span class="brand-mark" aria-hidden="true">
            R
          </span>
          <span>{t('site.name')}</span>
        </a>
        <span class="tagline">{t('site.tagline')}</span>
        <a
          class="lang-switch"
          href={`/${other}${rest || '/'}${query.value}`}
          hreflang={other}
          lang={other}
          aria-label={t('lang.switchTo', undefined, other)}
        >
          {t('lang.name', undefined, other)}
        </a>
      </div>
      <nav aria-label={t('nav.label')}>
        <ul>
          {NAV.map((n) => (
            <li key={n.name}>
              <a href={href(n.name, l)} aria-current={isCurrent(n.name) ? 'page' : undefined}>
                {t(n.key)}
              </a>
            </li>
          ))}
          <li class="nav-account">
            {signedIn ? (
              <a
                href={href('workspace', l)}
                aria-current={
                  current === 'workspace' ||
                  current === 'file' ||
                  current === 'newFile' ||
                  current === 'editFile'
                    ? 'page'
                    : undefined
                }
              >
                {t('nav.workspace')}
              </a>
            ) : (
              <a href={href('signIn', l)} aria-current={current === 'signIn' ? 'page' : undefined}>
                {t('nav.signIn')}
              </a>
            )}
          </li>
        </ul>
      </nav>
    </header>
  );
}

export function App() {
  const route = resolvePath(path.value, query.value, preferredLang);
  useEffect(() => {
    // The hash carries the QR's signed token (never sent to a server): keep it across the redirect.
    if (route.kind === 'redirect') navigate(route.to + location.hash, { replace: true });
    else if (route.lang !== lang.value || document.documentElement.lang !== route.lang) applyLang(route.lang);
  });
  if (route.kind === 'redirect') return <Loading />;
  if (route.lang !== lang.value) lang.value = route.lang;
  return (
    <>
      <a class="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <Header current={route.name} />
      <main id="main" tabIndex={-1}>
        <Boundary reset={path.value}>
          <RouteView key={`${route.name}${path.value}`} route={route} />
        </Boundary>
      </main>
      <footer class="site-footer">
        <p>{t('footer.text')}</p>
        <p>
          <a href={href('procedures', route.lang)}>{t('nav.procedures')}</a> ·{' '}
          <a href={href('rankings', route.lang)}>{t('footer.openData')}</a>
        </p>
      </footer>
    </>
  );
}
