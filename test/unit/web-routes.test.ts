import { describe, expect, it } from 'vitest';
import { href, PATHS, resolvePath } from '../../web/src/paths.ts';

/** The site's route contract: per-language paths, the QR code's and e-mails' aliases, the 404. */
const ar = () => 'ar' as const;
const fr = () => 'fr' as const;

describe('web routes', () => {
  it('every page exists under /fr and /ar with the same path', () => {
    for (const [name, path] of Object.entries(PATHS)) {
      const concrete = path.replace(':permitNumber', 'RK-CAS-CASABLANCA-2026-00001');
      for (const lang of ['fr', 'ar'] as const)
        expect(resolvePath(`/${lang}${concrete}`, '', fr)).toMatchObject({ kind: 'page', lang, name });
    }
    expect(resolvePath('/ar/verifier/RK-CAS-CASABLANCA-2026-00001', '', fr)).toEqual({
      kind: 'page',
      lang: 'ar',
      name: 'verify',
      params: { permitNumber: 'RK-CAS-CASABLANCA-2026-00001' },
    });
  });

  it('the paths the QR code, e-mails and the Web stack rely on', () => {
    expect(href('home', 'fr')).toBe('/fr/');
    expect(href('procedures', 'ar')).toBe('/ar/procedures');
    expect(href('simulator', 'fr')).toBe('/fr/simulateur');
    expect(href('verify', 'ar', { permitNumber: 'RK-X-00001' })).toBe('/ar/verifier/RK-X-00001');
    expect(href('verifyForm', 'fr')).toBe('/fr/verifier');
    expect(href('tracking', 'ar')).toBe('/ar/suivi');
    expect(href('rankings', 'fr')).toBe('/fr/classement');
    expect(href('register', 'fr')).toBe('/fr/inscription');
    expect(href('registerBusiness', 'ar')).toBe('/ar/inscription/entreprise');
    expect(href('signIn', 'fr')).toBe('/fr/connexion');
    expect(href('forgotPassword', 'fr')).toBe('/fr/mot-de-passe-oublie');
    expect(href('workspace', 'fr')).toBe('/fr/espace');
    expect(href('newFile', 'ar')).toBe('/ar/espace/nouveau');
    expect(href('file', 'fr', { id: 'app-1' })).toBe('/fr/espace/dossiers/app-1');
    expect(href('editFile', 'fr', { id: 'app-1' })).toBe('/fr/espace/dossiers/app-1/modifier');
    expect(href('desk', 'ar')).toBe('/ar/espace/guichet');
    expect(href('search', 'fr')).toBe('/fr/espace/recherche');
    expect(href('commission', 'fr')).toBe('/fr/espace/commission');
    expect(href('signature', 'fr')).toBe('/fr/espace/signature');
    expect(href('treasury', 'ar')).toBe('/ar/espace/tresorerie');
    expect(href('province', 'fr')).toBe('/fr/espace/province');
    expect(href('ministry', 'fr')).toBe('/fr/espace/ministere');
    expect(href('ministryProfessionals', 'ar')).toBe('/ar/espace/ministere/professionnels');
    expect(href('ministryStaff', 'fr')).toBe('/fr/espace/ministere/personnel');
    expect(href('ministryKeys', 'fr')).toBe('/fr/espace/ministere/cles');
    expect(href('ministrySettings', 'ar')).toBe('/ar/espace/ministere/parametres');
    expect(resolvePath('/fr/espace/dossiers/app-1', '', fr)).toMatchObject({
      name: 'file',
      params: { id: 'app-1' },
    });
  });

  it('language-less links redirect to the reader’s language, keeping the query', () => {
    expect(resolvePath('/', '', ar)).toEqual({ kind: 'redirect', to: '/ar/' });
    expect(resolvePath('/verify/RK-CAS-CASABLANCA-2026-00001', '', ar)).toEqual({
      kind: 'redirect',
      to: '/ar/verifier/RK-CAS-CASABLANCA-2026-00001',
    });
    expect(resolvePath('/connexion', '', fr)).toEqual({ kind: 'redirect', to: '/fr/connexion' });
    expect(resolvePath('/suivi', '', ar)).toEqual({ kind: 'redirect', to: '/ar/suivi' });
    expect(resolvePath('/mot-de-passe-oublie', '?username=a', fr)).toEqual({
      kind: 'redirect',
      to: '/fr/mot-de-passe-oublie?username=a',
    });
  });

  it('unknown paths are the 404 page, in their language or the reader’s', () => {
    expect(resolvePath('/fr/nulle-part', '', ar)).toMatchObject({
      kind: 'page',
      lang: 'fr',
      name: 'notFound',
    });
    expect(resolvePath('/ar/verifier/a/b', '', fr)).toMatchObject({
      kind: 'page',
      lang: 'ar',
      name: 'notFound',
    });
    expect(resolvePath('/wp-admin', '', ar)).toMatchObject({ kind: 'page', lang: 'ar', name: 'notFound' });
  });
});
