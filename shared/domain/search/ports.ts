/** The search index: terms → files, partitioned by term and ordered by province and commune. */
export interface SearchIndex {
  /** Replaces the file's terms (removes those it no longer has). */
  index(
    entry: { applicationId: string; provinceId: string; communeId: string },
    terms: string[],
  ): Promise<void>;
  /** Files holding the term, within a province or commune prefix (`MA-CAS#`, `MA-CAS#cas-casablanca#`). */
  find(term: string, within: string, limit: number): Promise<string[]>;
}

/** Counts attempts in a window (tracking by receipt number), so guessing a CIN is slow. */
export interface AttemptCounter {
  /** Adds one attempt to the key's current window and returns the count so far in it. */
  add(key: string, windowSeconds: number, now: Date): Promise<number>;
}
