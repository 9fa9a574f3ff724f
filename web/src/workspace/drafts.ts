/**
 * What was typed in a form, kept in this browser until the server has it: an expired session, a
 * closed tab or a lost connection never loses it. One entry per file (`new` for a wizard not yet
 * saved as a server draft), tagged with its author so another account on the same browser never
 * sees it; removed once the server accepted the values.
 */
const PREFIX = 'rukhsa.form.';

interface Kept<T> {
  user: string;
  savedAt: number;
  values: T;
}

export function saveLocal(id: string, user: string, values: unknown) {
  try {
    localStorage.setItem(PREFIX + id, JSON.stringify({ user, savedAt: Date.now(), values }));
  } catch {
    // storage full or disabled: the form still works, unsaved
  }
}

export function loadLocal<T>(id: string, user: string): Kept<T> | undefined {
  try {
    const raw = localStorage.getItem(PREFIX + id);
    const kept = raw ? (JSON.parse(raw) as Kept<T>) : undefined;
    return kept && kept.user === user ? kept : undefined;
  } catch {
    return undefined;
  }
}

export function clearLocal(id: string) {
  try {
    localStorage.removeItem(PREFIX + id);
  } catch {
    // nothing kept
  }
}
