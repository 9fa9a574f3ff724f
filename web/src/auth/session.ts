import { signal } from '@preact/signals';
import { type AuthAnswer, type AuthenticationResult, clientId, cognito } from './cognito.ts';

/**
 * The signed-in session. Tokens live in memory and in sessionStorage (this tab only, gone when it
 * closes; never localStorage, never a cookie the API would accept cross-site): a reload keeps the
 * user signed in, another tab or a later visit does not. The ID token goes to the API; it is
 * refreshed with the refresh token five minutes before it expires.
 */
export interface Session {
  username: string;
  idToken: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

const KEY = 'rukhsa.session';
const MARGIN_MS = 5 * 60_000;

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export const session = signal<Session | null>(load());
let timer: ReturnType<typeof setTimeout> | undefined;

function store(s: Session | null) {
  session.value = s;
  clearTimeout(timer);
  try {
    if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
    else sessionStorage.removeItem(KEY);
  } catch {
    // memory only
  }
  if (s)
    timer = setTimeout(
      () => void refresh().catch(() => undefined),
      Math.max(0, s.expiresAt - MARGIN_MS - Date.now()),
    );
}

export function startSession(username: string, r: AuthenticationResult, previous?: Session) {
  store({
    username,
    idToken: r.IdToken,
    accessToken: r.AccessToken,
    refreshToken: r.RefreshToken ?? previous?.refreshToken ?? '',
    expiresAt: Date.now() + r.ExpiresIn * 1000,
  });
}

let refreshing: Promise<void> | undefined;

/** Exchanges the refresh token for new ID and access tokens; a refused refresh signs out. */
export function refresh(): Promise<void> {
  const s = session.value;
  if (!s) return Promise.resolve();
  refreshing ??= cognito<AuthAnswer>('InitiateAuth', {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    ClientId: clientId(),
    AuthParameters: { REFRESH_TOKEN: s.refreshToken },
  })
    .then((answer) => {
      if (!answer.AuthenticationResult) throw new Error('no tokens');
      startSession(s.username, answer.AuthenticationResult, s);
    })
    .catch((e) => {
      if ((e as { code?: string }).code !== 'NetworkError') store(null);
      throw e;
    })
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

/** A fresh ID token for the API, or null when signed out. */
export async function idToken(): Promise<string | null> {
  if (session.value && session.value.expiresAt - Date.now() < MARGIN_MS) await refresh();
  return session.value?.idToken ?? null;
}

/** Signs out everywhere (GlobalSignOut revokes the refresh tokens), then forgets the tokens here. */
export async function signOut() {
  const s = session.value;
  if (s) await cognito('GlobalSignOut', { AccessToken: s.accessToken }).catch(() => undefined);
  store(null);
}

if (session.value) store(session.value);
