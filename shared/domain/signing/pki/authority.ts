/**
 * The platform's certification authority: a KMS key that certifies every signatory key and the
 * time-stamping authority (another KMS key). The CA certificate is created once, lazily, by the
 * first key issuance (the only function allowed to sign with the CA key), and kept in the table:
 * no deploy-time custom resource, the same path on AWS and on the local cloud.
 */

import {
  certificateParts,
  type DigestSigner,
  type DistinguishedName,
  encodeName,
  fromPem,
  issueCertificate,
  serialFor,
  spkiOf,
  toPem,
} from './certificates.ts';
import type { Authority } from './permit-signature.ts';

/** The platform's own KMS keys (not the signatories'). */
export interface PlatformKeys {
  signAsCa: DigestSigner;
  signAsTimestampAuthority: DigestSigner;
  /** SPKI DER of the CA or the time-stamping key. */
  publicKey(which: 'ca' | 'timestamp'): Promise<Uint8Array>;
}

export interface AuthorityStore {
  get(): Promise<(Authority & { createdAt: string }) | undefined>;
  /** Stores it unless one exists; answers the stored one (so two first issuances agree). */
  putOnce(authority: Authority & { createdAt: string }): Promise<Authority & { createdAt: string }>;
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;
const CA_YEARS = 20;

export const caName = (stage: string): DistinguishedName => ({
  country: 'MA',
  organization: 'Royaume du Maroc - Ministère de l’Intérieur (DGCT)',
  organizationalUnit: 'Rukhsa',
  commonName: `Rukhsa Autorité de certification${stage === 'prod' ? '' : ` (${stage})`}`,
});

export const timestampName = (stage: string): DistinguishedName => ({
  ...caName(stage),
  commonName: `Rukhsa Horodatage${stage === 'prod' ? '' : ` (${stage})`}`,
});

/** The stored CA and TSA certificates, created on first use. */
export async function ensureAuthority(
  deps: { platformKeys: PlatformKeys; authority: AuthorityStore },
  stage: string,
  now: Date,
): Promise<Authority> {
  const existing = await deps.authority.get();
  if (existing) return existing;
  const [caSpki, tsaSpki] = await Promise.all([
    deps.platformKeys.publicKey('ca'),
    deps.platformKeys.publicKey('timestamp'),
  ]);
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + CA_YEARS * YEAR_MS);
  const issuer = { name: encodeName(caName(stage)), spki: caSpki };
  const ca = await issueCertificate(
    {
      profile: 'ca',
      serial: serialFor(`ca:${Buffer.from(caSpki).toString('hex')}`),
      subject: caName(stage),
      issuer,
      spki: caSpki,
      notBefore,
      notAfter,
    },
    deps.platformKeys.signAsCa,
  );
  const tsa = await issueCertificate(
    {
      profile: 'timestamping',
      serial: serialFor(`tsa:${Buffer.from(tsaSpki).toString('hex')}`),
      subject: timestampName(stage),
      issuer,
      spki: tsaSpki,
      notBefore,
      notAfter,
    },
    deps.platformKeys.signAsCa,
  );
  return deps.authority.putOnce({
    caCertificatePem: toPem(ca),
    timestampCertificatePem: toPem(tsa),
    createdAt: now.toISOString(),
  });
}

export interface CertifiedSignatory {
  keyId: string;
  publicKeyPem: string;
  firstName: string;
  lastName: string;
  title: string;
  communeNameFr: string;
  /** The organization printed in the certificate; `Commune de <commune>` unless given (an agency). */
  organization?: string;
  validFrom: string;
  expiresAt: string;
}

/** The end-entity certificate of a signatory key: who, which function, which commune, for the key's validity. */
export async function certifySignatory(
  deps: { platformKeys: PlatformKeys },
  authority: Authority,
  key: CertifiedSignatory,
): Promise<string> {
  const ca = fromPem(authority.caCertificatePem);
  const issuer = { name: certificateParts(ca).subject, spki: certificateParts(ca).spki };
  const der = await issueCertificate(
    {
      profile: 'signatory',
      serial: serialFor(`signatory:${key.keyId}`),
      subject: {
        country: 'MA',
        organization: key.organization ?? `Commune de ${key.communeNameFr}`,
        locality: key.communeNameFr,
        title: key.title,
        commonName: `${key.firstName} ${key.lastName}`,
      },
      issuer,
      spki: spkiOf(key.publicKeyPem),
      notBefore: new Date(key.validFrom),
      notAfter: new Date(key.expiresAt),
    },
    deps.platformKeys.signAsCa,
  );
  return toPem(der);
}
