import type { ComponentType } from 'preact';
import type { PageName } from './paths.ts';

export type { PageName, Resolved } from './paths.ts';
export { href, PATHS, resolvePath } from './paths.ts';

export type PageProps = { params: Record<string, string> };
export type Loader = () => Promise<{ default: ComponentType<PageProps> }>;

/**
 * Each page is its own chunk (dynamic import), so a first load carries only the shell and the page
 * asked for; the sign-in code (SRP) ships only with the sign-in pages. Paths are in `paths.ts`.
 */
export const LOADERS: Record<PageName | 'notFound', Loader> = {
  home: () => import('./pages/Home.tsx'),
  procedures: () => import('./pages/Procedures.tsx'),
  simulator: () => import('./pages/Simulator.tsx'),
  verifyForm: () => import('./pages/Verify.tsx'),
  verify: () => import('./pages/Verify.tsx'),
  tracking: () => import('./pages/Tracking.tsx'),
  rankings: () => import('./pages/Rankings.tsx'),
  register: () => import('./pages/Register.tsx'),
  registerBusiness: () => import('./pages/RegisterBusiness.tsx'),
  signIn: () => import('./pages/SignIn.tsx'),
  forgotPassword: () => import('./pages/ForgotPassword.tsx'),
  workspace: () => import('./pages/Workspace.tsx'),
  newFile: () => import('./pages/FileForm.tsx'),
  file: () => import('./pages/FileDetail.tsx'),
  editFile: () => import('./pages/FileForm.tsx'),
  desk: () => import('./backoffice/DeskWorklist.tsx'),
  search: () => import('./backoffice/Search.tsx'),
  commission: () => import('./backoffice/CommissionWorklist.tsx'),
  signature: () => import('./backoffice/SignatureWorklist.tsx'),
  treasury: () => import('./backoffice/Treasury.tsx'),
  province: () => import('./backoffice/Province.tsx'),
  ministry: () => import('./backoffice/Ministry.tsx'),
  ministryProfessionals: () => import('./backoffice/MinistryProfessionals.tsx'),
  ministryStaff: () => import('./backoffice/MinistryStaff.tsx'),
  ministryKeys: () => import('./backoffice/MinistryKeys.tsx'),
  ministrySettings: () => import('./backoffice/MinistrySettings.tsx'),
  twoStep: () => import('./pages/TwoStep.tsx'),
  notFound: () => import('./pages/NotFound.tsx'),
};
