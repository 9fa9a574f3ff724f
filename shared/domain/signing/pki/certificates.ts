/**
 * X.509 v3 certificates of the platform's PKI, built as DER and signed through a callback (the CA
 * key lives in KMS): the self-signed CA, the time-stamping authority and one end-entity certificate
 * per signatory key. Deterministic: the same inputs give the same bytes.
 */
import { createHash, X509Certificate } from 'node:crypto';
import {
  bitString,
  boolean,
  certificateTime,
  child,
  children,
  explicit,
  objectIdentifier,
  octetString,
  printableString,
  read,
  sequence,
  setOf,
  unsignedInteger,
  utf8String,
} from './der.ts';

export const OID = {
  commonName: '2.5.4.3',
  title: '2.5.4.12',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  locality: '2.5.4.7',
  country: '2.5.4.6',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extendedKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** Signs a SHA-256 digest, answering a DER ECDSA signature (KMS `Sign`, `MessageType=DIGEST`). */
export type DigestSigner = (digest: Uint8Array) => Promise<Uint8Array>;

export const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());

export interface DistinguishedName {
  commonName: string;
  title?: string;
  organization?: string;
  organizationalUnit?: string;
  locality?: string;
  country: 'MA';
}

/** A Name in a fixed attribute order (C, O, OU, L, title, CN), UTF8String except the country. */
export function encodeName(dn: DistinguishedName): Uint8Array {
  const rdn = (oid: string, value: Uint8Array) => setOf(sequence(objectIdentifier(oid), value));
  const parts: Uint8Array[] = [rdn(OID.country, printableString(dn.country))];
  if (dn.organization) parts.push(rdn(OID.organization, utf8String(dn.organization)));
  if (dn.organizationalUnit) parts.push(rdn(OID.organizationalUnit, utf8String(dn.organizationalUnit)));
  if (dn.locality) parts.push(rdn(OID.locality, utf8String(dn.locality)));
  if (dn.title) parts.push(rdn(OID.title, utf8String(dn.title)));
  parts.push(rdn(OID.commonName, utf8String(dn.commonName)));
  return sequence(...parts);
}

const extension = (oid: string, critical: boolean, value: Uint8Array) =>
  sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(spki: Uint8Array): Uint8Array {
  const bits = child(read(spki), 1, 'subjectPublicKey').content.subarray(1);
  return new Uint8Array(createHash('sha1').update(bits).digest());
}

/** A positive 127-bit serial derived from a label, so a retried issuance gives the same certificate. */
export const serialFor = (label: string) => {
  const bytes = sha256(new TextEncoder().encode(label)).subarray(0, 16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes;
};

export type CertificateProfile = 'ca' | 'timestamping' | 'signatory';

export interface CertificateRequest {
  profile: CertificateProfile;
  serial: Uint8Array;
  subject: DistinguishedName;
  /** The issuer's Name (DER) and public key; the subject's own for the self-signed CA. */
  issuer: { name: Uint8Array; spki: Uint8Array };
  spki: Uint8Array;
  notBefore: Date;
  notAfter: Date;
}

// keyUsage named bits (DER: trailing zero bits dropped, their count in the first byte).
const KEY_USAGE = {
  ca: bitString(Uint8Array.of(0x06), 1), // keyCertSign, cRLSign
  timestamping: bitString(Uint8Array.of(0x80), 7), // digitalSignature
  signatory: bitString(Uint8Array.of(0xc0), 6), // digitalSignature, nonRepudiation
};

export function tbsCertificate(req: CertificateRequest): Uint8Array {
  const extensions = [
    extension(OID.basicConstraints, true, req.profile === 'ca' ? sequence(boolean(true)) : sequence()),
    extension(OID.keyUsage, true, KEY_USAGE[req.profile]),
    ...(req.profile === 'timestamping'
      ? [extension(OID.extendedKeyUsage, true, sequence(objectIdentifier(OID.timeStamping)))]
      : []),
    extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(req.spki))),
    extension(
      OID.authorityKeyIdentifier,
      false,
      sequence(new Uint8Array([0x80, 20, ...keyIdentifier(req.issuer.spki)])),
    ),
  ];
  return sequence(
    explicit(0, unsignedInteger(Uint8Array.of(2))),
    unsignedInteger(req.serial),
    sequence(objectIdentifier(OID.ecdsaWithSha256)),
    req.issuer.name,
    sequence(certificateTime(req.notBefore), certificateTime(req.notAfter)),
    encodeName(req.subject),
    req.spki,
    explicit(3, sequence(...extensions)),
  );
}

export async function issueCertificate(req: CertificateRequest, sign: DigestSigner): Promise<Uint8Array> {
  const tbs = tbsCertificate(req);
  const signature = await sign(sha256(tbs));
  return sequence(tbs, sequence(objectIdentifier(OID.ecdsaWithSha256)), bitString(signature));
}

/** The parts of a certificate the CMS structures refer to. */
export function certificateParts(der: Uint8Array) {
  const tbs = children(child(read(der), 0, 'tbsCertificate'));
  const [, serial, , issuer, , subject, spki] = tbs;
  if (!serial || !issuer || !subject || !spki) throw new Error('Certificate: truncated TBSCertificate');
  return { serial: serial.der, issuer: issuer.der, subject: subject.der, spki: spki.der };
}

export const toPem = (der: Uint8Array, label = 'CERTIFICATE') =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString('base64')
    .match(/.{1,64}/g)
    ?.join('\n')}\n-----END ${label}-----\n`;

export const fromPem = (pem: string) =>
  new Uint8Array(Buffer.from(pem.replace(/-----(BEGIN|END) [A-Z ]+-----|\s/g, ''), 'base64'));

/** SPKI DER of a PEM public key. */
export const spkiOf = (publicKeyPem: string) => fromPem(publicKeyPem);

export const x509 = (pemOrDer: string | Uint8Array) =>
  new X509Certificate(typeof pemOrDer === 'string' ? pemOrDer : Buffer.from(pemOrDer));
