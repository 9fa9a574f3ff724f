/**
 * Key builders for the single table. Generic attribute names (pk/sk, gsi1pk/gsi1sk, gsi2pk/gsi2sk)
 * keep the table shape stable while entities come and go; docs/data-model.md lists every access
 * pattern with the key that serves it.
 *
 * Every key is spelled here and nowhere else: test/unit/key-literals.test.ts scans the repository and
 * fails on a KEY_PREFIXES literal (`APPLICATION#…`) or a constant sort key (`sk: 'APPLICATION'`)
 * written outside this file.
 */
export const TABLE_KEYS = {
  partition: 'pk',
  sort: 'sk',
  gsi1: { name: 'gsi1', partition: 'gsi1pk', sort: 'gsi1sk' },
  gsi2: { name: 'gsi2', partition: 'gsi2pk', sort: 'gsi2sk' },
  ttl: 'expiresAt',
} as const;

/**
 * The segment names keys are built from (each followed by `#` in a key). The repository test fails when
 * one is spelled outside this file: build the key with the functions below instead.
 */
export const KEY_PREFIXES = [
  'ACCESS',
  'AGENCY',
  'AT',
  'APPLICANT',
  'APPLICATION',
  'ATTEMPTS',
  'AUDIT_DAY',
  'AUDIT_ROOT',
  'BENEFICIARY',
  'BUSINESS',
  'COMMUNE',
  'CONFIG',
  'CONTACT',
  'COUNTER',
  'DAY',
  'DOC',
  'EMAIL_PROOF',
  'EVENT',
  'FOLLOWER',
  'FROM',
  'IDEMPOTENCY',
  'LEDGER',
  'MESSAGES',
  'MONTH',
  'NOTIFICATION',
  'OPEN_DATA',
  'OPINION',
  'ORDER',
  'PAYMENT',
  'PAYMENT_ORDER',
  'PAYMENTS',
  'PERMIT',
  'PIN',
  'PROFESSIONAL',
  'PROFESSIONALS',
  'PROVINCE',
  'QUITTANCE',
  'RANKAGG',
  'RANKAGG_CHANGE',
  'RANKING',
  'RECEIPT',
  'REFERRAL',
  'REGION',
  'ROLLOUT',
  'ROLLOUT_EVENT',
  'SEARCH',
  'SECURITY',
  'SEED',
  'SETTLEMENT',
  'SIGNING_KEY',
  'STAFF',
  'STATS',
  'STATS_COUNTED',
  'TARIFF',
  'UNIQUE',
] as const;

/** Partition key values (pk or an index's partition) read by queries. */
export const partitions = {
  application: (id: string) => `APPLICATION#${id}`,
  professional: (id: string) => `PROFESSIONAL#${id}`,
  staff: (username: string) => `STAFF#${username}`,
  signingKey: (keyId: string) => `SIGNING_KEY#${keyId}`,
  commune: (communeId: string) => `COMMUNE#${communeId}`,
  province: (provinceId: string) => `PROVINCE#${provinceId}`,
  regions: 'REGIONS',
  provincesOfRegion: (regionId: string) => `REGION#${regionId}#PROVINCES`,
  communesOfProvince: (provinceId: string) => `PROVINCE#${provinceId}#COMMUNES`,
  professionalsByStatus: (status: string) => `PROFESSIONALS#${status}`,
  applicationsOfProfessional: (professionalId: string) => `PROFESSIONAL#${professionalId}#APPLICATIONS`,
  applicationsOfApplicant: (username: string) => `APPLICANT#${username}#APPLICATIONS`,
  communeWorklist: (communeId: string, open: boolean) => `COMMUNE#${communeId}#${open ? 'OPEN' : 'CLOSED'}`,
  agencyReferrals: (agency: string, provinceId: string, state: string) =>
    `AGENCY#${agency}#${provinceId}#${state}`,
  paymentsOfDay: (communeId: string, date: string) => `COMMUNE#${communeId}#PAYMENTS#${date}`,
  tariffs: (communeId: string) => `TARIFF#${communeId}`,
  beneficiaries: 'CONFIG#BENEFICIARIES',
  ledger: (beneficiary: string, date: string) => `LEDGER#${beneficiary}#${date}`,
  securityDay: (day: string) => `SECURITY#${day}`,
  auditDay: (day: string) => `AUDIT_DAY#${day}`,
  searchTerm: (term: string) => `SEARCH#${term}`,
  rankingAggregates: (communeId: string) => `RANKAGG#${communeId}`,
  ranking: (period: string) => `RANKING#${period}`,
  rankingHistory: (communeId: string) => `COMMUNE#${communeId}#RANKINGS`,
  rankings: 'RANKINGS',
  staffOfProvince: (provinceId: string | undefined) => `STAFF#PROVINCE#${provinceId ?? 'NATIONAL'}`,
  rolloutOfProvince: (provinceId: string) => `ROLLOUT#PROVINCE#${provinceId}`,
  rolloutByStatus: (status: string) => `ROLLOUT#${status}`,
  rolloutWaves: 'ROLLOUT#WAVES',
  communeSigningKeys: (communeId: string) => `COMMUNE#${communeId}#SIGNING_KEYS`,
  statsApplications: 'STATS#APPLICATIONS',
  /** Powertools idempotency records of one operation (its `staticPkValue`). */
  idempotency: (operationId: string) => `IDEMPOTENCY#${operationId}`,
  /** Leading-key patterns of the IAM conditions that confine a grant to one kind of item. */
  pinPattern: 'PIN#*',
  accessMarkerPattern: 'ACCESS#*',
} as const;

/** Sort key values and prefixes (begins_with, between) read by queries. */
export const sortKeys = {
  /** The constant sort keys of an application, a card payment and a permit (telling items apart in a scan). */
  application: 'APPLICATION',
  payment: 'PAYMENT',
  permit: 'PERMIT',
  events: 'EVENT#',
  documents: 'DOC#',
  documentVersions: (code: string) => `DOC#${code}#`,
  auditHead: 'AUDIT_HEAD',
  /** An application event's sort key at its chain position. */
  applicationEvent: (seq: number) => `EVENT#${String(seq).padStart(6, '0')}`,
  tariffsFrom: 'FROM#',
  tariffFrom: (date: string) => `FROM#${date}`,
  beneficiaries: 'BENEFICIARY#',
  days: 'DAY#',
  day: (date: string) => `DAY#${date}`,
  months: 'MONTH#',
  month: (month: string) => `MONTH#${month}`,
  rolloutEvents: 'ROLLOUT_EVENT#',
  rankingRows: 'COMMUNE#',
  /** Contact designations (dated `CONTACT#2…`), not the `CONTACT#CURRENT` pointer beside them. */
  contactDesignations: 'CONTACT#2',
  signingKeysWithStatus: (status: string) => `${status}#`,
} as const;

/** Reading keys back: the id an application partition or a follower item names. */
export const parseKeys = {
  /** The application id of an `APPLICATION#<id>` partition, or undefined for any other partition. */
  applicationId: (pk: string): string | undefined =>
    pk.startsWith('APPLICATION#') ? pk.slice('APPLICATION#'.length) : undefined,
  isEvent: (sk: unknown) => String(sk).startsWith('EVENT#'),
  isDocument: (sk: unknown) => String(sk).startsWith('DOC#'),
  isReceiptCounter: (pk: string, sk: unknown) => sk === 'COUNTER' && pk.startsWith('COUNTER#RECEIPT#'),
  isQuittanceCounter: (pk: string, sk: unknown) => sk === 'COUNTER' && pk.startsWith('COUNTER#QUITTANCE#'),
  isProfessional: (pk: unknown) => String(pk).startsWith('PROFESSIONAL#'),
} as const;

/** How an application's audit chain is keyed, for the domain's chain check (shared/domain/audit/verify.ts). */
export const auditChainLayout = {
  applicationOf: parseKeys.applicationId,
  isHead: (sk: unknown) => sk === 'AUDIT_HEAD',
  isEvent: parseKeys.isEvent,
  eventAt: sortKeys.applicationEvent,
};

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
  /** Every version of the legal ranges is kept beside the current one. */
  legalRangesVersion: (at: string) => ({ pk: 'CONFIG#LEGAL_RANGES', sk: `AT#${at}` }),
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
  /** Primary keys alone (get, delete, update): the full item builders above also set index keys. */
  applicationKey: (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'APPLICATION' }),
  provinceKey: (id: string) => ({ pk: `PROVINCE#${id}`, sk: 'PROVINCE' }),
  communeKey: (id: string) => ({ pk: `COMMUNE#${id}`, sk: 'COMMUNE' }),
  professionalKey: (id: string) => ({ pk: `PROFESSIONAL#${id}`, sk: 'PROFESSIONAL' }),
  staffKey: (username: string) => ({ pk: `STAFF#${username}`, sk: 'STAFF' }),
  communeRolloutKey: (communeId: string) => ({ pk: `COMMUNE#${communeId}`, sk: 'ROLLOUT' }),
  rankingSnapshotKey: (period: string) => ({ pk: `RANKING#${period}`, sk: 'SNAPSHOT' }),
  business: (id: string) => ({ pk: `BUSINESS#${id}`, sk: 'BUSINESS' }),
  /** A professional's pending e-mail proof (one at a time). */
  emailProof: (professionalId: string) => ({ pk: `EMAIL_PROOF#${professionalId}`, sk: 'EMAIL_PROOF' }),
  /** A province's current contact pointer, and each dated designation beside it. */
  currentContact: (provinceId: string) => ({ pk: `PROVINCE#${provinceId}`, sk: 'CONTACT#CURRENT' }),
  contactDesignation: (provinceId: string, designatedAt: string, username: string) => ({
    pk: `PROVINCE#${provinceId}`,
    sk: `CONTACT#${designatedAt}#${username}`,
  }),
  /** A signing key's PIN hash, in the secrets table (partition key only). */
  pin: (keyId: string) => ({ pk: `PIN#${keyId}` }),
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
