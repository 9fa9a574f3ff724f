import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.gen.ts';
import { ErrorPanel, Loaded } from '../components/ui.tsx';
import { config } from '../config.ts';
import { has, type Key, lang, t } from '../i18n/index.ts';
import { dateTime } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { bearer } from './auth.ts';
import { downloadPdf } from './download.ts';

type View =
  paths['/applications/{applicationId}/signatures']['get']['responses'][200]['content']['application/json'];
type Verification = NonNullable<View['opinions'][number]['verification']>;

/** Saves bytes held in memory as a file (the signed document and its CMS, for an independent check). */
function save(name: string, type: string, data: BlobPart) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

const checkLabel = (name: string) => (has(`check.${name}`) ? t(`check.${name}` as Key) : name);

/** Valid or not, as the API verified it now against the stored documents, and the first check that failed. */
function Verdict({ v }: { v: Pick<Verification, 'valid' | 'failedCheck'> }) {
  return (
    <>
      <span class={`status ${v.valid ? 'status-ok' : 'status-bad'}`} data-valid={String(v.valid)}>
        {t(v.valid ? 'sig.valid' : 'sig.invalid')}
      </span>
      {!v.valid && v.failedCheck && <div class="muted">{checkLabel(v.failedCheck)}</div>}
    </>
  );
}

/** The two files anyone can check with openssl: the canonical document and the detached CMS signature. */
function Evidence({ base, document, cms }: { base: string; document: string; cms: string }) {
  return (
    <span class="evidence">
      <button
        type="button"
        class="button-link"
        onClick={() => save(`${base}.json`, 'application/json', document)}
      >
        {t('sig.document')}
      </button>{' '}
      ·{' '}
      <button
        type="button"
        class="button-link"
        onClick={() => save(`${base}.p7s`, 'application/pkcs7-signature', fromBase64(cms))}
      >
        {t('sig.cms')}
      </button>
    </span>
  );
}

/**
 * Who signed what on the file (`GET /applications/{id}/signatures`): each consulted agency's opinion
 * and the commission's minutes, each signature verified by the API against the documents as stored
 * now, with the signed document and its signature to check independently, and the minutes' PDF.
 */
export function Signatures({ id, receiptNumber }: { id: string; receiptNumber?: string | undefined }) {
  const l = lang.value;
  const [error, setError] = useState<unknown>();
  const view = useResource(
    async () =>
      unwrap(
        api().GET('/applications/{applicationId}/signatures', {
          params: { path: { applicationId: id } },
          headers: await bearer(),
        }),
      ),
    [id],
  );
  const tag = (receiptNumber ?? id).replaceAll('/', '-');
  return (
    <section aria-labelledby="signatures-title" data-testid="signatures">
      <h2 id="signatures-title">{t('sig.title')}</h2>
      <Loaded resource={view}>
        {(v) => (
          <>
            {v.opinions.length === 0 ? (
              <p class="muted">{t('sig.noOpinion')}</p>
            ) : (
              <div class="table-wrap">
                <table class="files-table">
                  <caption>{t('sig.opinions', { round: v.round })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('sig.agency')}</th>
                      <th scope="col">{t('sig.opinion')}</th>
                      <th scope="col">{t('sig.signedBy')}</th>
                      <th scope="col">{t('sig.verification')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.opinions.map((o) => (
                      <tr key={`${o.agency}-${o.at}`} data-opinion={o.agency} data-signed={String(o.signed)}>
                        <th scope="row">
                          {has(`agency.${o.agency}`) ? t(`agency.${o.agency}` as Key) : o.agency}
                        </th>
                        <td>
                          {t(`bo.opinion.${o.opinion}` as Key)}
                          <div class="muted">
                            <time dateTime={o.at}>{dateTime(o.at, l)}</time>
                          </div>
                        </td>
                        <td>
                          {o.signature ? (
                            <>
                              {o.signature.signer.name}, <span lang="fr">{o.signature.signer.title}</span>
                              <div class="muted">
                                {t('sig.at', { date: dateTime(o.signature.signedAt, l) })} ·{' '}
                                <span class="mono">{o.signature.fingerprint.slice(0, 16)}</span>
                              </div>
                            </>
                          ) : (
                            <span class="muted">{t('sig.unsigned')}</span>
                          )}
                        </td>
                        <td>
                          {o.verification ? <Verdict v={o.verification} /> : <span class="muted">—</span>}
                          {o.signature && (
                            <div>
                              <Evidence
                                base={`avis-${o.agency}-${tag}`}
                                document={o.document}
                                cms={o.signature.cms}
                              />
                            </div>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {v.minutes ? (
              <div class="panel" data-testid="minutes" data-valid={String(v.minutes.valid)}>
                <h3>{t('sig.minutes', { round: v.minutes.round })}</h3>
                <p>
                  <Verdict v={{ valid: v.minutes.valid, failedCheck: null }} />{' '}
                  {v.minutes.signatures.length === 0 && t('sig.minutesUnsigned')}
                </p>
                {v.minutes.signatures.length > 0 && (
                  <ul>
                    {v.minutes.signatures.map((s) => (
                      <li key={s.keyId} data-minutes-signer={s.signer.username}>
                        {s.signer.name}, <span lang="fr">{s.signer.title}</span>
                        {s.signer.agencyId && has(`agency.${s.signer.agencyId}`)
                          ? ` (${t(`agency.${s.signer.agencyId}` as Key)})`
                          : ''}
                        {s.signedAt && ` — ${t('sig.at', { date: dateTime(s.signedAt, l) })}`} —{' '}
                        <Verdict v={s} />{' '}
                        <Evidence
                          base={`pv-${tag}-${s.signer.username}`}
                          document={v.minutes?.document ?? ''}
                          cms={s.cms}
                        />
                      </li>
                    ))}
                  </ul>
                )}
                <p class="muted">
                  {t('verify.sha256')} <span class="mono">{v.minutes.sha256}</span>
                </p>
                <p>
                  <button
                    type="button"
                    class="button button-secondary"
                    data-testid="minutes-download"
                    onClick={() =>
                      void downloadPdf(
                        `/applications/${encodeURIComponent(id)}/minutes`,
                        `pv-${tag}.pdf`,
                      ).catch(setError)
                    }
                  >
                    {t('sig.minutesPdf')}
                  </button>
                </p>
                {error !== undefined && <ErrorPanel error={error} />}
              </div>
            ) : (
              v.opinions.length > 0 && <p class="muted">{t('sig.noMinutes')}</p>
            )}
            {(v.opinions.some((o) => o.signature) || (v.minutes?.signatures.length ?? 0) > 0) && (
              <details>
                <summary>{t('sig.howTitle')}</summary>
                <p>{t('sig.how')}</p>
                <p>
                  <a href={`${config().apiUrl}/pki/ca.pem`} download="rukhsa-ca.pem" data-testid="ca-link">
                    {t('sig.ca')}
                  </a>
                </p>
                <pre dir="ltr">
                  openssl cms -verify -binary -inform DER -in signature.p7s -content document.json -CAfile
                  ca.pem
                </pre>
              </details>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
