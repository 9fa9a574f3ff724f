import { ApiError } from '../api/client.ts';
import { idToken } from '../auth/session.ts';
import { lang } from '../i18n/index.ts';
import { navigate, path, query } from '../lib/router.ts';
import { href } from '../paths.ts';

/** The bearer header of the signed-in user; a missing or refused session is the API's 401. */
export async function bearer(): Promise<{ authorization: string }> {
  const token = await idToken().catch(() => null);
  if (!token) throw new ApiError(401, { title: 'Unauthorized', status: 401 });
  return { authorization: `Bearer ${token}` };
}

export const isUnauthenticated = (e: unknown) => e instanceof ApiError && e.status === 401;

/** To the sign-in page, coming back here afterwards (what was typed is kept locally meanwhile). */
export function signInAgain() {
  navigate(`${href('signIn', lang.value)}?next=${encodeURIComponent(path.value + query.value)}`);
}
