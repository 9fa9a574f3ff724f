import { isLang, type Lang } from './i18n/lang.ts';

/**
 * Every page's path after its language prefix (`/fr/…`, `/ar/…`), the same in both languages, and
 * the language-less aliases that printed QR codes and e-mails use. Pure (no DOM, no imports of
 * pages), so the route contract is unit-tested.
 */
export const PATHS = {
  home: '/',
  procedures: '/procedures',
  simulator: '/simulateur',
  verifyForm: '/verifier',
  verify: '/verifier/:permitNumber',
  tracking: '/suivi',
  rankings: '/classement',
  register: '/inscription',
  registerBusiness: '/inscription/entreprise',
  signIn: '/connexion',
  forgotPassword: '/mot-de-passe-oublie',
  workspace: '/espace',
  newFile: '/espace/nouveau',
  file: '/espace/dossiers/:id',
  editFile: '/espace/dossiers/:id/modifier',
  desk: '/espace/guichet',
  search: '/espace/recherche',
  commission: '/espace/commission',
  signature: '/espace/signature',
  treasury: '/espace/tresorerie',
  province: '/espace/province',
  ministry: '/espace/ministere',
  ministryProfessionals: '/espace/ministere/professionnels',
  ministryStaff: '/espace/ministere/personnel',
  ministryKeys: '/espace/ministere/cles',
  ministrySettings: '/espace/ministere/parametres',
  twoStep: '/espace/validation-en-deux-etapes',
} as const;

export type PageName = keyof typeof PATHS;

export type Resolved =
  | { kind: 'page'; lang: Lang; name: PageName | 'notFound'; params: Record<string, string> }
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

/** Language-less paths that redirect to the reader's language (the QR code's `/verify/…`, e-mails' `/connexion`). */
const ALIASES: Record<string, PageName> = {
  '/connexion': 'signIn',
  '/verify': 'verifyForm',
  '/verifier': 'verifyForm',
  '/suivi': 'tracking',
  '/espace': 'workspace',
  '/mot-de-passe-oublie': 'forgotPassword',
  '/inscription': 'register',
  '/procedures': 'procedures',
  '/simulateur': 'simulator',
  '/classement': 'rankings',
};

/** The page for a path, or where to redirect a language-less one; `preferred` is the reader's language. */
export function resolvePath(pathname: string, search: string, preferred: () => Lang): Resolved {
  const [, first = '', ...restParts] = pathname.split('/');
  if (isLang(first)) {
    const rest = `/${restParts.join('/')}`;
    for (const [name, path] of Object.entries(PATHS)) {
      const params = match(path, rest);
      if (params) return { kind: 'page', lang: first, name: name as PageName, params };
    }
    return { kind: 'page', lang: first, name: 'notFound', params: {} };
  }
  const l = preferred();
  if (pathname === '/' || pathname === '') return { kind: 'redirect', to: `/${l}/${search}` };
  const verify = match('/verify/:n', pathname) ?? match('/verifier/:n', pathname);
  if (verify)
    return { kind: 'redirect', to: href('verify', l, { permitNumber: verify.n as string }) + search };
  const alias = ALIASES[pathname.replace(/\/$/, '')];
  if (alias) return { kind: 'redirect', to: href(alias, l) + search };
  return { kind: 'page', lang: l, name: 'notFound', params: {} };
}

/** The URL of a page in a language. */
export function href(name: PageName, l: Lang, params: Record<string, string> = {}): string {
  const p = PATHS[name].replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));
  return `/${l}${p}`;
}
