/**
 * Key builders for the single table. Generic attribute names (pk/sk, gsi1pk/gsi1sk, gsi2pk/gsi2sk)
 * keep the table shape stable while entities come and go; docs/data-model.md lists every access
 * pattern with the key that serves it.
 */
export const TABLE_KEYS = {
  partition: 'pk',
  sort: 'sk',
  gsi1: { name: 'gsi1', partition: 'gsi1pk', sort: 'gsi1sk' },
  gsi2: { name: 'gsi2', partition: 'gsi2pk', sort: 'gsi2sk' },
  ttl: 'expiresAt',
} as const;

export const keys = {
  region: (id: string) => ({
    pk: `REGION#${id}`,
    sk: 'REGION',
    gsi1pk: 'REGIONS',
    gsi1sk: `REGION#${id}`,
  }),
  province: (id: string, regionId: string) => ({
    pk: `PROVINCE#${id}`,
    sk: 'PROVINCE',
    gsi1pk: `REGION#${regionId}#PROVINCES`,
    gsi1sk: `PROVINCE#${id}`,
  }),
  commune: (id: string, provinceId: string, nameKey: string) => ({
    pk: `COMMUNE#${id}`,
    sk: 'COMMUNE',
    gsi1pk: `PROVINCE#${provinceId}#COMMUNES`,
    gsi1sk: `COMMUNE#${nameKey}#${id}`,
  }),
  professional: (id: string, status: string, registeredAt: string) => ({
    pk: `PROFESSIONAL#${id}`,
    sk: 'PROFESSIONAL',
    gsi1pk: `PROFESSIONALS#${status}`,
    gsi1sk: `${registeredAt}#${id}`,
  }),
  /** Uniqueness claims: one item per unique value, written in the same transaction as the profile. */
  unique: (kind: string, value: string) => ({ pk: `UNIQUE#${kind}#${value}`, sk: 'UNIQUE' }),
  application: (id: string, professionalId: string, createdAt: string) => ({
    pk: `APPLICATION#${id}`,
    sk: 'APPLICATION',
    gsi1pk: `PROFESSIONAL#${professionalId}#APPLICATIONS`,
    gsi1sk: `${createdAt}#${id}`,
  }),
  /**
   * The commune worklist (gsi2): open files (with the administration or returned) and closed ones in
   * two partitions, soonest legal deadline first. Drafts are not in it (sparse index).
   */
  communeWorklist: (communeId: string, open: boolean, deadlineDate: string | undefined, id: string) => ({
    gsi2pk: `COMMUNE#${communeId}#${open ? 'OPEN' : 'CLOSED'}`,
    gsi2sk: `${deadlineDate ?? '9999-12-31'}#${id}`,
  }),
  referral: (
    applicationId: string,
    round: number,
    agency: string,
    provinceId: string,
    state: string,
    deadlineDate: string | undefined,
  ) => ({
    pk: `APPLICATION#${applicationId}`,
    sk: `REFERRAL#${round}#${agency}`,
    gsi1pk: `AGENCY#${agency}#${provinceId}#${state}`,
    gsi1sk: `${deadlineDate ?? '9999-12-31'}#${applicationId}`,
  }),
  paymentOrder: (applicationId: string, stage: string) => ({
    pk: `APPLICATION#${applicationId}`,
    sk: `PAYMENT_ORDER#${stage}`,
  }),
  /** A card payment attempt, by the order id sent to the bank; paid ones are indexed per commune and day. */
  payment: (orderId: string) => ({ pk: `PAYMENT#${orderId}`, sk: 'PAYMENT' }),
  paymentsOfDay: (communeId: string, date: string, receiptNumber: string) => ({
    gsi1pk: `COMMUNE#${communeId}#PAYMENTS#${date}`,
    gsi1sk: receiptNumber,
  }),
  tariff: (communeId: string, effectiveFrom: string) => ({
    pk: `TARIFF#${communeId}`,
    sk: `FROM#${effectiveFrom}`,
  }),
  legalRanges: () => ({ pk: 'CONFIG#LEGAL_RANGES', sk: 'CURRENT' }),
  /** A beneficiary other than the commune treasury (all under one partition: a few dozen at most). */
  beneficiary: (id: string) => ({ pk: 'CONFIG#BENEFICIARIES', sk: `BENEFICIARY#${id}` }),
  /** What one card payment put on a merchant account's day, for the reconciliation with the bank. */
  ledgerEntry: (beneficiary: string, date: string, orderId: string) => ({
    pk: `LEDGER#${beneficiary}#${date}`,
    sk: `ORDER#${orderId}`,
  }),
  /** A merchant account's imported settlement day and its report. */
  settlement: (beneficiary: string, date: string) => ({
    pk: `SETTLEMENT#${beneficiary}`,
    sk: `DAY#${date}`,
  }),
  securityEvent: (at: string, suffix: string) => ({
    pk: `SECURITY#${at.slice(0, 10)}`,
    sk: `${at}#${suffix}`,
  }),
  opinion: (applicationId: string, round: number, agency: string) => ({
    pk: `APPLICATION#${applicationId}`,
    sk: `OPINION#${round}#${agency}`,
  }),
  documentVersion: (applicationId: string, code: string, version: number) => ({
    pk: `APPLICATION#${applicationId}`,
    sk: `DOC#${code}#${String(version).padStart(4, '0')}`,
  }),
  /** Events sort by time; the random suffix keeps two events of the same millisecond apart. */
  event: (owner: string, at: string, suffix: string) => ({ pk: owner, sk: `EVENT#${at}#${suffix}` }),
  /**
   * An application's event, by its position in the application's hash chain (docs/audit.md), and in
   * the day's audit partition of gsi1 (the daily root reads a day's events in (application, seq) order).
   */
  applicationEvent: (applicationId: string, seq: number, day: string) => ({
    pk: `APPLICATION#${applicationId}`,
    sk: `EVENT#${String(seq).padStart(6, '0')}`,
    gsi1pk: `AUDIT_DAY#${day}`,
    gsi1sk: `${applicationId}#${String(seq).padStart(6, '0')}`,
  }),
  /** The head of an application's chain (last seq and hash): appending is conditional on it. */
  auditHead: (applicationId: string) => ({ pk: `APPLICATION#${applicationId}`, sk: 'AUDIT_HEAD' }),
  /** A day's sealed Merkle root (written once). */
  auditRoot: (day: string) => ({ pk: `AUDIT_ROOT#${day}`, sk: 'ROOT' }),
  follower: (applicationId: string, username: string, createdAt: string) => ({
    pk: `APPLICATION#${applicationId}`,
    sk: `FOLLOWER#${username}`,
    gsi1pk: `APPLICANT#${username}#APPLICATIONS`,
    gsi1sk: `${createdAt}#${applicationId}`,
  }),
  receiptCounter: (communeId: string, year: number) => ({
    pk: `COUNTER#RECEIPT#${communeId}#${year}`,
    sk: 'COUNTER',
  }),
  quittanceCounter: (communeId: string, year: number) => ({
    pk: `COUNTER#QUITTANCE#${communeId}#${year}`,
    sk: 'COUNTER',
  }),
  /** A beneficiary's own quittance series (the treasury's is per commune, above). */
  beneficiaryQuittanceCounter: (beneficiary: string, year: number) => ({
    pk: `COUNTER#QUITTANCE#BENEFICIARY#${beneficiary}#${year}`,
    sk: 'COUNTER',
  }),
  /** A signatory's signing key (its KMS key id is the record id). */
  signingKey: (keyId: string) => ({ pk: `SIGNING_KEY#${keyId}`, sk: 'SIGNING_KEY' }),
  /** A commune's signing keys by status (gsi1): the signatories' own keys, and commune readiness (an ACTIVE key). */
  communeSigningKeys: (communeId: string, status: string, keyId: string) => ({
    gsi1pk: `COMMUNE#${communeId}#SIGNING_KEYS`,
    gsi1sk: `${status}#${keyId}`,
  }),
  /** Every key, for the public key directory (gsi2, one partition: a few thousand keys nationally). */
  publicKeyDirectory: (communeId: string, keyId: string) => ({
    gsi2pk: 'SIGNING_KEYS',
    gsi2sk: `${communeId}#${keyId}`,
  }),
  /** The platform CA and time-stamping certificates (created by the first key issuance). */
  certificationAuthority: () => ({ pk: 'PKI', sk: 'CERTIFICATION_AUTHORITY' }),
  /** A signed permit, by its public number. */
  permit: (permitNumber: string) => ({ pk: `PERMIT#${permitNumber}`, sk: 'PERMIT' }),
  /** Who is signing that permit now (a short lease, so two signings never both reach the bucket). */
  permitClaim: (permitNumber: string) => ({ pk: `PERMIT#${permitNumber}`, sk: 'CLAIM' }),
  /**
   * Rollout (O1…): a civil-servant account, listed per province (gsi1; `NATIONAL` for the ministry)
   * and all together (gsi2, for the ministry's list and the public figures).
   */
  staff: (username: string, provinceId: string | undefined) => ({
    pk: `STAFF#${username}`,
    sk: 'STAFF',
    gsi1pk: `STAFF#PROVINCE#${provinceId ?? 'NATIONAL'}`,
    gsi1sk: username,
    gsi2pk: 'STAFF',
    gsi2sk: username,
  }),
  /** Whether a user's tokens are still accepted: read by every authenticated request (its own partition prefix). */
  accessMarker: (username: string) => ({ pk: `ACCESS#${username}`, sk: 'ACCESS' }),
  /** A commune's rollout status, per province (gsi1) and per status nationally (gsi2). */
  communeRollout: (communeId: string, provinceId: string, regionId: string, status: string) => ({
    pk: `COMMUNE#${communeId}`,
    sk: 'ROLLOUT',
    gsi1pk: `ROLLOUT#PROVINCE#${provinceId}`,
    gsi1sk: communeId,
    gsi2pk: `ROLLOUT#${status}`,
    gsi2sk: `${regionId}#${provinceId}#${communeId}`,
  }),
  rolloutEvent: (communeId: string, at: string, suffix: string) => ({
    pk: `COMMUNE#${communeId}`,
    sk: `ROLLOUT_EVENT#${at}#${suffix}`,
  }),
  regionWave: (regionId: string) => ({
    pk: `REGION#${regionId}`,
    sk: 'WAVE',
    gsi1pk: 'ROLLOUT#WAVES',
    gsi1sk: regionId,
  }),
  /** Applications received and decided on a Moroccan day (public figures), kept by the stream counter. */
  statsDay: (date: string) => ({ pk: 'STATS#APPLICATIONS', sk: `DAY#${date}` }),
  /** An event already counted, so a stream retry does not count it twice. */
  statsCounted: (eventPk: string, eventSk: string) => ({
    pk: `STATS_COUNTED#${eventPk}#${eventSk}`,
    sk: 'COUNTED',
  }),
  /** Marks a notification as sent, so a stream retry does not send it twice. */
  notificationSent: (eventSk: string, channel: string, recipient: string) => ({
    pk: `NOTIFICATION#${eventSk}`,
    sk: `${channel}#${recipient}`,
  }),
  /** A search term of a file (search, tracking): by term, then province, commune and file. */
  searchTerm: (term: string, provinceId: string, communeId: string, applicationId: string) => ({
    pk: `SEARCH#${term}`,
    sk: `${provinceId}#${communeId}#${applicationId}`,
  }),
  /** The terms a file is indexed under now (to remove those it loses). */
  searchTermsOf: (applicationId: string) => ({ pk: `APPLICATION#${applicationId}`, sk: 'SEARCH_TERMS' }),
  /** Attempts in one window (e.g. tracking tries per receipt number and hour), expired by TTL. */
  attempts: (key: string, window: string) => ({ pk: `ATTEMPTS#${key}`, sk: window }),
  /** A message sent about a file (its message list), by the instant of the event that caused it. */
  fileMessage: (applicationId: string, eventAt: string, key: string) => ({
    pk: `MESSAGES#${applicationId}`,
    sk: `${eventAt}#${key}`,
  }),
  /** Ranking aggregates of one commune and one Moroccan day (counters and delay histograms). */
  rankingDay: (communeId: string, day: string) => ({ pk: `RANKAGG#${communeId}`, sk: `DAY#${day}` }),
  /** The month roll-up of a commune's day aggregates, beside them in the same partition. */
  rankingMonth: (communeId: string, month: string) => ({ pk: `RANKAGG#${communeId}`, sk: `MONTH#${month}` }),
  /** Marks an application change as applied to the ranking aggregates (written in the same transaction). */
  rankingChange: (changeKey: string) => ({ pk: `RANKAGG_CHANGE#${changeKey}`, sk: 'CHANGE' }),
  /** A public record (decision or permit) waiting for its month's open-data publication. */
  publicRecord: (kind: string, month: string, communeId: string, recordId: string) => ({
    pk: `OPEN_DATA#${kind}#${month}`,
    sk: `${communeId}#${recordId}`,
  }),
  /** A ranking snapshot's header; every snapshot is listed under RANKINGS by period. */
  rankingSnapshot: (period: string) => ({
    pk: `RANKING#${period}`,
    sk: 'SNAPSHOT',
    gsi1pk: 'RANKINGS',
    gsi1sk: period,
  }),
  /** A commune's row in a period's ranking; a commune's rows over the periods are its history (gsi1). */
  rankingRow: (period: string, communeId: string) => ({
    pk: `RANKING#${period}`,
    sk: `COMMUNE#${communeId}`,
    gsi1pk: `COMMUNE#${communeId}#RANKINGS`,
    gsi1sk: period,
  }),
  /** Marks a reference-data load, so a second `npm start` does not seed again. */
  seedMarker: (name: string) => ({ pk: `SEED#${name}`, sk: 'SEED' }),
} as const;

/** Attributes that are keys, not data: stripped before an item leaves the repository. */
export const stripKeys = <T extends Record<string, unknown>>(
  item: T,
): Omit<T, 'pk' | 'sk' | 'gsi1pk' | 'gsi1sk' | 'gsi2pk' | 'gsi2sk' | 'entity'> => {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, entity, ...data } = item;
  return data;
};
