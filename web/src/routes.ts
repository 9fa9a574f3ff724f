import type { ComponentType } from 'preact';
import { isLang, type Lang } from './i18n/index.ts';

export type PageProps = { params: Record<string, string> };
type Loader = () => Promise<{ default: ComponentType<PageProps> }>;

/**
 * Every page of the site, under `/fr/…` and `/ar/…`. Each page is its own chunk (dynamic import), so
 * a first load carries only the shell and the page asked for; the sign-in code (SRP) ships only with
 * the sign-in pages.
 */
export const pages = {
  home: { path: '/', load: () => import('./pages/Home.tsx') },
  procedures: { path: '/procedures', load: () => import('./pages/Procedures.tsx') },
  simulator: { path: '/simulateur', load: () => import('./pages/Simulator.tsx') },
  verifyForm: { path: '/verifier', load: () => import('./pages/Verify.tsx') },
  verify: { path: '/verifier/:permitNumber', load: () => import('./pages/Verify.tsx') },
  rankings: { path: '/classement', load: () => import('./pages/Rankings.tsx') },
  register: { path: '/inscription', load: () => import('./pages/Register.tsx') },
  signIn: { path: '/connexion', load: () => import('./pages/SignIn.tsx') },
  forgotPassword: { path: '/mot-de-passe-oublie', load: () => import('./pages/ForgotPassword.tsx') },
  workspace: { path: '/espace', load: () => import('./pages/Workspace.tsx') },
} satisfies Record<string, { path: string; load: Loader }>;

export type PageName = keyof typeof pages;
const notFound: Loader = () => import('./pages/NotFound.tsx');

export type Resolved =
  | { kind: 'page'; lang: Lang; name: PageName | 'notFound'; load: Loader; params: Record<string, string> }
  | { kind: 'redirect'; to: string };

function match(pattern: string, rest: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const got = rest.split('/').filter(Boolean);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, w] of want.entries()) {
    const g = got[i] as string;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(g);
    else if (w !== g) return undefined;
  }
  return params;
}

/** The page for a path; language-less paths (`/`, `/verify/{n}` of the QR code, `/connexion` of e-mails) redirect. */
export function resolve(pathname: string, search: string, preferred: () => Lang): Resolved {
  const [, first = '', ...restParts] = pathname.split('/');
  if (isLang(first)) {
    const rest = `/${restParts.join('/')}`;
    for (const [name, page] of Object.entries(pages)) {
      const params = match(page.path, rest);
      if (params) return { kind: 'page', lang: first, name: name as PageName, load: page.load, params };
    }
    return { kind: 'page', lang: first, name: 'notFound', load: notFound, params: {} };
  }
  const l = preferred();
  if (pathname === '/' || pathname === '') return { kind: 'redirect', to: `/${l}/${search}` };
  const verify = match('/verify/:n', pathname) ?? match('/verifier/:n', pathname);
  if (verify)
    return { kind: 'redirect', to: `/${l}/verifier/${encodeURIComponent(verify.n as string)}${search}` };
  for (const alias of [
    '/connexion',
    '/verify',
    '/verifier',
    '/espace',
    '/mot-de-passe-oublie',
    '/inscription',
  ])
    if (pathname.replace(/\/$/, '') === alias)
      return { kind: 'redirect', to: `/${l}${alias === '/verify' ? '/verifier' : alias}${search}` };
  return { kind: 'page', lang: l, name: 'notFound', load: notFound, params: {} };
}

/** The URL of a page in a language. */
export function href(name: PageName, l: Lang, params: Record<string, string> = {}): string {
  const p = pages[name].path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));
  return `/${l}${p === '/' ? '/' : p}`;
}
