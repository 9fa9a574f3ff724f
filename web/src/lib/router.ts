import { signal } from '@preact/signals';

/** A tiny history router: the current path and query as signals, and same-origin links intercepted. */
export const path = signal(location.pathname);
export const query = signal(location.search);

export function navigate(to: string, { replace = false } = {}) {
  const url = new URL(to, location.href);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  update(!replace);
}

function update(scroll: boolean) {
  path.value = location.pathname;
  query.value = location.search;
  if (scroll) window.scrollTo(0, 0);
}

export function startRouter() {
  addEventListener('popstate', () => update(false));
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download') || a.getAttribute('rel') === 'external') return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.endsWith('.json') || url.pathname.endsWith('.csv'))
      return;
    e.preventDefault();
    if (url.pathname === location.pathname && url.search === location.search && url.hash) {
      document.getElementById(url.hash.slice(1))?.focus();
      return;
    }
    navigate(url.pathname + url.search + url.hash);
  });
}

export const searchParam = (name: string) => new URLSearchParams(query.value).get(name);
