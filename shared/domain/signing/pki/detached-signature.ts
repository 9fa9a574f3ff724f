/**
 * The CMS signature every signed thing of the platform carries: a detached SignedData by the
 * signer's key, its signature value countersigned by the platform's time-stamping authority
 * (RFC 3161 token in the signature-time-stamp attribute), which proves when it was signed. Opinions
 * and minutes sign their canonical bytes with it; permits embed it in the PDF (permit-signature.ts).
 * Apart from the PDF code so that functions which sign or check opinions never load pdf-lib.
 */
import { createHash } from 'node:crypto';
import { type DigestSigner, fromPem, OID, sha256, x509 } from './certificates.ts';
import {
  CMS_OID,
  checkSigner,
  parseSignedData,
  readTimeStampToken,
  signatureTimeStampAttribute,
  signedData,
  timeStampToken,
} from './cms.ts';

/** The platform's published trust anchor and its time-stamping authority. */
export interface Authority {
  caCertificatePem: string;
  timestampCertificatePem: string;
}

/** What a detached signature needs: the signer's certificate and keys, and the instant. */
export interface DetachedSigning {
  authority: Authority;
  /** The signer's end-entity certificate (issued by the CA for their KMS key). */
  certificatePem: string;
  signingTime: Date;
  signAsSignatory: DigestSigner;
  signAsTimestampAuthority: DigestSigner;
}

/**
 * A detached CMS SignedData (DER) over `content`, by the signer's key, time-stamped by the platform:
 * the same signature as a permit's, over a document's canonical bytes instead of a PDF's byte ranges.
 */
export const signDetached = (content: Uint8Array, s: DetachedSigning): Promise<Uint8Array> =>
  timeStampedSignature(sha256(content), s);

export function timeStampedSignature(digest: Uint8Array, s: DetachedSigning): Promise<Uint8Array> {
  const leaf = fromPem(s.certificatePem);
  const ca = fromPem(s.authority.caCertificatePem);
  const tsa = fromPem(s.authority.timestampCertificatePem);
  return signedData({
    contentType: CMS_OID.data,
    contentDigest: digest,
    signerCertificate: leaf,
    certificates: [leaf, ca],
    sign: s.signAsSignatory,
    unsigned: async (signature) => [
      signatureTimeStampAttribute(
        await timeStampToken({
          imprint: sha256(signature),
          genTime: s.signingTime,
          tsaCertificate: tsa,
          sign: s.signAsTimestampAuthority,
        }),
      ),
    ],
  });
}

export interface EmbeddedSignatureCheck {
  ok: boolean;
  detail: string;
}

export interface EmbeddedSignatureReport {
  /** The CMS signature over the PDF's byte ranges, with the certificate it names. */
  signature: EmbeddedSignatureCheck;
  /** The signer certificate chains to the published CA and was valid when the time-stamp says it signed. */
  chain: EmbeddedSignatureCheck;
  /** The platform time-stamp over the signature value verifies and chains to the CA. */
  timestamp: EmbeddedSignatureCheck;
  /** SHA-256 of the signer certificate's public key (SPKI DER), hex: compared with the key record. */
  signerFingerprint?: string;
  /** When the signature was made, as the time-stamp proves it. */
  signedAt?: Date;
}

export const fail = (detail: string): EmbeddedSignatureCheck => ({ ok: false, detail });

function chainsTo(certificate: Uint8Array, ca: ReturnType<typeof x509>) {
  const cert = x509(certificate);
  return { cert, ok: cert.checkIssued(ca) && cert.verify(ca.publicKey) };
}

/**
 * Checks a detached CMS SignedData over `content` against the published CA: the signature with the
 * certificate it carries, that certificate's chain to the CA at the time-stamp's instant, and the
 * platform time-stamp over the signature value. Shared by permits (PAdES) and opinions and minutes.
 */
export function verifyCms(
  content: Uint8Array,
  cms: Uint8Array,
  authority: Authority,
  verified = "The CMS signature verifies with the signer certificate's key.",
): EmbeddedSignatureReport {
  const none = fail('Not checked: the signature could not be read.');
  let parsed: ReturnType<typeof parseSignedData>;
  try {
    parsed = parseSignedData(cms);
  } catch (error) {
    return {
      signature: fail(`The CMS is malformed: ${(error as Error).message}.`),
      chain: none,
      timestamp: none,
    };
  }
  const problem = checkSigner(parsed, sha256(content), CMS_OID.data);
  const signature = problem ? fail(`The signature fails: ${problem}.`) : { ok: true, detail: verified };
  if (!parsed.signerCertificate) return { signature, chain: none, timestamp: none };
  const ca = x509(authority.caCertificatePem);
  const leaf = chainsTo(parsed.signerCertificate, ca);
  const signerFingerprint = createHash('sha256')
    .update(leaf.cert.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');

  // The time-stamp: a token by the platform TSA over SHA-256 of the signature value.
  let timestamp: EmbeddedSignatureCheck;
  let signedAt: Date | undefined;
  const token = parsed.unsignedAttributes.get(CMS_OID.signatureTimeStampToken)?.[0];
  if (!token) timestamp = fail('The signature carries no time-stamp: its signing time is not proven.');
  else {
    try {
      const tst = readTimeStampToken(token.der);
      const tsaProblem = checkSigner(tst.parsed, sha256(tst.tstInfo), CMS_OID.tstInfo);
      const tsa = tst.parsed.signerCertificate ? chainsTo(tst.parsed.signerCertificate, ca) : undefined;
      const imprintOk = Buffer.from(tst.imprint).equals(Buffer.from(sha256(parsed.signature)));
      if (tsaProblem) timestamp = fail(`The time-stamp token fails: ${tsaProblem}.`);
      else if (!tsa?.ok || !tsa.cert.keyUsage?.includes(OID.timeStamping))
        timestamp = fail('The time-stamp is not signed by a time-stamping authority of the platform CA.');
      else if (!imprintOk) timestamp = fail('The time-stamp is for another signature value.');
      else {
        signedAt = tst.genTime;
        timestamp = {
          ok: true,
          detail: `Time-stamped by ${tsa.cert.subject.split('\n').at(-1)} at ${tst.genTime.toISOString()}.`,
        };
      }
    } catch (error) {
      timestamp = fail(`The time-stamp token is malformed: ${(error as Error).message}.`);
    }
  }
  const validAtSigning =
    !signedAt ||
    (Date.parse(leaf.cert.validFrom) <= signedAt.getTime() &&
      signedAt.getTime() <= Date.parse(leaf.cert.validTo));
  const chain = !leaf.ok
    ? fail('The signer certificate was not issued by the platform CA.')
    : !validAtSigning
      ? fail(`The signer certificate was not valid at ${signedAt?.toISOString()}.`)
      : { ok: true, detail: `${leaf.cert.subject.replaceAll('\n', ', ')}, issued by the platform CA.` };
  return { signature, chain, timestamp, signerFingerprint, ...(signedAt ? { signedAt } : {}) };
}
