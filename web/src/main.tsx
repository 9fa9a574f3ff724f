import '@fontsource/noto-naskh-arabic/arabic-400.css';
import '@fontsource/noto-naskh-arabic/arabic-700.css';
import './styles.css';
import { render } from 'preact';
import { App } from './App.tsx';
import { initApi } from './api/client.ts';
import { ErrorPanel } from './components/ui.tsx';
import { loadConfig } from './config.ts';
import { applyLang, isLang, preferredLang } from './i18n/index.ts';
import { startRouter } from './lib/router.ts';
import { LOADERS, resolvePath } from './routes.ts';

const root = document.getElementById('app') as HTMLElement;
const first = location.pathname.split('/')[1];
applyLang(isLang(first) ? first : preferredLang());

// Fetch the page's chunk while the configuration loads (the module loader keeps it for the router).
const firstRoute = resolvePath(location.pathname, location.search, preferredLang);
if (firstRoute.kind === 'page') void LOADERS[firstRoute.name]().catch(() => undefined);

async function start() {
  try {
    const c = await loadConfig();
    initApi(c.apiUrl);
  } catch (error) {
    render(<ErrorPanel error={error} retry={() => void start()} />, root);
    return;
  }
  startRouter();
  render(<App />, root);
}

void start();
