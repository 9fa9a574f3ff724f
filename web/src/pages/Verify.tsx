import { useState } from 'preact/hooks';
import { ApiError, api, fieldErrors, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.gen.ts';
import { describedBy, ErrorPanel, ErrorSummary, Field, Loading, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { dateTime } from '../lib/format.ts';
import {
  loadKeySet,
  type PublishedKeySet,
  parseQrContent,
  type TokenOutcome,
  verifyPermitToken,
} from '../lib/permit-token.ts';
import { useResource } from '../lib/resource.ts';
import { navigate } from '../lib/router.ts';
import type { PageProps } from '../routes.ts';
import { href } from '../routes.ts';

type Verification = paths['/verify/{permitNumber}']['get']['responses'][200]['content']['application/json'];
const PERMIT = /^RK-[A-Z0-9-]{5,80}$/;
const MAX_PDF_BYTES = 5 * 1024 * 1024;

/** What a verification says, in words: valid, signed by a revoked key, or not the signed document. */
function Outcome({ v, source }: { v: Verification; source: 'record' | 'upload' }) {
  const l = lang.value;
  // The verification names the procedure and the commune in both languages.
  const procedure = l === 'ar' ? v.permit.procedureAr : v.permit.procedure;
  const commune = l === 'ar' ? v.permit.communeAr : v.permit.commune;
  const revoked =
    v.failedCheck === 'key-not-revoked-before-signing' || v.failedCheck === 'key-valid-at-signing';
  const [cls, titleKey, textKey]: [string, Key, Key] = v.valid
    ? ['panel-ok', 'verify.validTitle', source === 'upload' ? 'verify.validUpload' : 'verify.validText']
    : revoked
      ? ['panel-error', 'verify.revokedTitle', 'verify.revokedText']
      : [
          'panel-error',
          'verify.invalidTitle',
          source === 'upload' ? 'verify.invalidUpload' : 'verify.invalidText',
        ];
  return (
    <section
      class={`panel ${cls}`}
      aria-labelledby={`outcome-${source}`}
      data-outcome={v.valid ? 'valid' : revoked ? 'revoked' : 'invalid'}
    >
      <h2 id={`outcome-${source}`}>
        <span class={`status ${v.valid ? 'status-ok' : 'status-bad'}`}>
          {t(v.valid ? 'verify.valid' : 'verify.notValid')}
        </span>{' '}
        {t(titleKey)}
      </h2>
      <p>{t(textKey)}</p>
      <dl class="facts">
        <dt>{t('verify.permitNumber')}</dt>
        <dd class="mono">{v.permitNumber}</dd>
        <dt>{t('verify.procedure')}</dt>
        <dd>{procedure}</dd>
        <dt>{t('common.commune')}</dt>
        <dd>{commune}</dd>
        <dt>{t('verify.issuedAt')}</dt>
        <dd>{dateTime(v.permit.issuedAt, l)}</dd>
        <dt>{t('verify.signatory')}</dt>
        <dd>
          {v.permit.signatory.name}, <span lang="fr">{v.permit.signatory.title}</span>
        </dd>
        <dt>{t('verify.key')}</dt>
        <dd>
          <span class="mono">{v.permit.keyFingerprint}</span> ({t(`keyStatus.${v.permit.keyStatus}` as Key)})
        </dd>
        <dt>{t('verify.sha256')}</dt>
        <dd class="mono">{v.permit.sha256}</dd>
      </dl>
      <h3>{t('verify.checks')}</h3>
      <ul>
        {v.checks.map((c) => (
          <li key={c.name}>
            <span class={`status ${c.ok ? 'status-ok' : 'status-bad'}`}>
              {t(c.ok ? 'verify.checkOk' : 'verify.checkFailed')}
            </span>{' '}
            {t(`check.${c.name}` as Key)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RecordVerification({ permitNumber }: { permitNumber: string }) {
  const valid = PERMIT.test(permitNumber);
  const result = useResource(
    () =>
      valid
        ? unwrap(api().GET('/verify/{permitNumber}', { params: { path: { permitNumber } } }))
        : Promise.reject(new ApiError(404, {})),
    [permitNumber],
  );
  if (result.status === 'loading') return <Loading />;
  if (result.status === 'error') {
    if (result.error instanceof ApiError && (result.error.status === 404 || result.error.status === 400))
      return (
        <section class="panel panel-warning" data-outcome="unknown" aria-labelledby="outcome-record">
          <h2 id="outcome-record">
            <span class="status status-warn">{t('verify.unknown')}</span> {t('verify.unknownTitle')}
          </h2>
          <p>{t('verify.unknownText', { number: permitNumber })}</p>
        </section>
      );
    return <ErrorPanel error={result.error} retry={result.retry} />;
  }
  return <Outcome v={result.data} source="record" />;
}

type QrResult = (TokenOutcome | { outcome: 'no-keys' }) & { online?: boolean; generatedAt?: string };

/** Verifies a QR token in the browser against the key set (fresh when online, the kept one offline). */
async function checkToken(token: string): Promise<QrResult> {
  const loaded = await loadKeySet(
    // Revalidated (not from the HTTP cache): "online" must mean a fresh revocation list.
    async () =>
      (await unwrap(
        api().GET('/.well-known/jwks.json', { cache: 'no-cache' }),
      )) as unknown as PublishedKeySet,
  );
  if (!loaded) return { outcome: 'no-keys' };
  return {
    ...(await verifyPermitToken(token, loaded.keySet)),
    online: loaded.online,
    generatedAt: loaded.keySet.generatedAt,
  };
}

/** The QR's signed token, checked on this device: works offline once the key set was loaded. */
function QrCheck({ permitNumber }: { permitNumber: string }) {
  const l = lang.value;
  const fromHash = typeof location === 'undefined' ? '' : location.hash.slice(1);
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<QrResult>();
  const [busy, setBusy] = useState(false);
  async function run(token: string) {
    setBusy(true);
    try {
      setResult(await checkToken(token));
    } finally {
      setBusy(false);
    }
  }
  useResource(() => (fromHash && permitNumber ? run(fromHash) : Promise.resolve()), [fromHash, permitNumber]);
  function submit(e: Event) {
    e.preventDefault();
    const parsed = parseQrContent(pasted);
    if (!parsed) {
      setError(t('qr.badContent'));
      return;
    }
    setError(undefined);
    void run(parsed.token);
  }
  const r = result;
  const claims = r && 'claims' in r ? r.claims : undefined;
  const key = r && 'key' in r ? r.key : undefined;
  return (
    <section aria-labelledby="qr-check">
      <h2 id="qr-check">{t('qr.title')}</h2>
      <p>{t('qr.lead')}</p>
      <div aria-live="polite">
        {busy && <Loading />}
        {r && (
          <section
            class={`panel ${r.outcome === 'valid' ? 'panel-ok' : 'panel-error'}`}
            data-qr-outcome={r.outcome}
            data-qr-online={r.online ? 'online' : 'offline'}
            aria-labelledby="qr-outcome"
          >
            <h3 id="qr-outcome">
              <span class={`status ${r.outcome === 'valid' ? 'status-ok' : 'status-bad'}`}>
                {t(r.outcome === 'valid' ? 'verify.valid' : 'verify.notValid')}
              </span>{' '}
              {t(`qr.outcome.${r.outcome}` as Key)}
            </h3>
            {claims && key && (
              <dl class="facts">
                <dt>{t('verify.permitNumber')}</dt>
                <dd class="mono">{claims.n}</dd>
                <dt>{t('qr.holder')}</dt>
                <dd>{claims.h}</dd>
                <dt>{t('qr.parcel')}</dt>
                <dd>
                  <span dir="ltr">{claims.l}</span>
                </dd>
                <dt>{t('verify.issuedAt')}</dt>
                <dd>{dateTime(claims.d, l)}</dd>
                <dt>{t('verify.signatory')}</dt>
                <dd>
                  {key.signatory.name}, <span lang="fr">{key.signatory.title}</span>
                </dd>
                <dt>{t('verify.key')}</dt>
                <dd>
                  <span class="mono">{key.fingerprint}</span>
                  {'revokedAt' in r && r.revokedAt
                    ? ` — ${t('qr.revokedOn', { date: dateTime(r.revokedAt, l) })}`
                    : ''}
                </dd>
              </dl>
            )}
            {r.generatedAt && (
              <p class="muted" data-qr-keys>
                {t(r.online ? 'qr.online' : 'qr.offline', { date: dateTime(r.generatedAt, l) })}
              </p>
            )}
          </section>
        )}
      </div>
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={error ? { qr: error } : {}} labels={{ qr: t('qr.content') }} />
        <Field name="qr" label={t('qr.content')} hint={t('qr.contentHint')} error={error}>
          <textarea
            id="f-qr"
            name="qr"
            dir="ltr"
            rows={3}
            value={pasted}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy('qr', 'hint', error)}
            onInput={(e) => setPasted((e.target as HTMLTextAreaElement).value)}
          />
        </Field>
        <button type="submit" class="button" disabled={busy}>
          {t('qr.check')}
        </button>
      </form>
    </section>
  );
}

const toBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

function PdfCheck({ permitNumber }: { permitNumber: string }) {
  const [number, setNumber] = useState(permitNumber);
  const [file, setFile] = useState<File>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ v?: Verification; error?: unknown }>();
  const [busy, setBusy] = useState(false);
  const labels = { permitNumber: t('verify.permitNumber'), pdf: t('verify.pdf') };
  async function submit(e: Event) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const n = number.trim().toUpperCase();
    if (!PERMIT.test(n)) errs.permitNumber = t('verify.badNumber');
    if (!file) errs.pdf = t('verify.choosePdf');
    else if (file.size > MAX_PDF_BYTES) errs.pdf = t('verify.pdfTooLarge');
    setErrors(errs);
    setResult(undefined);
    if (Object.keys(errs).length || !file) return;
    setBusy(true);
    try {
      const pdfBase64 = await toBase64(file);
      setResult({ v: await unwrap(api().POST('/verify', { body: { permitNumber: n, pdfBase64 } })) });
    } catch (error) {
      const f = fieldErrors(error);
      if (Object.keys(f).length)
        setErrors({
          ...(f.permitNumber && { permitNumber: f.permitNumber }),
          ...(f.pdfBase64 && { pdf: f.pdfBase64 }),
        });
      else setResult({ error });
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="pdf-check">
      <h2 id="pdf-check">{t('verify.pdfTitle')}</h2>
      <p>{t('verify.pdfLead')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form onSubmit={submit} noValidate>
        <Field
          name="permitNumber"
          label={labels.permitNumber}
          hint={t('verify.numberHint')}
          error={errors.permitNumber}
        >
          <input
            id="f-permitNumber"
            name="permitNumber"
            dir="ltr"
            autoComplete="off"
            value={number}
            aria-invalid={errors.permitNumber ? true : undefined}
            aria-describedby={describedBy('permitNumber', 'hint', errors.permitNumber)}
            onInput={(e) => setNumber((e.target as HTMLInputElement).value)}
          />
        </Field>
        <Field name="pdf" label={labels.pdf} hint={t('verify.pdfHint')} error={errors.pdf}>
          <input
            id="f-pdf"
            name="pdf"
            type="file"
            accept="application/pdf"
            aria-invalid={errors.pdf ? true : undefined}
            aria-describedby={describedBy('pdf', 'hint', errors.pdf)}
            onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0])}
          />
        </Field>
        <button type="submit" class="button" disabled={busy}>
          {t('verify.checkPdf')}
        </button>
      </form>
      <div aria-live="polite">
        {busy && <Loading />}
        {result?.v && <Outcome v={result.v} source="upload" />}
        {result?.error !== undefined &&
          (result.error instanceof ApiError && result.error.status === 404 ? (
            <section class="panel panel-warning" data-outcome="unknown">
              <h3>{t('verify.unknownTitle')}</h3>
              <p>{t('verify.unknownText', { number: number.trim().toUpperCase() })}</p>
            </section>
          ) : (
            <ErrorPanel error={result.error} />
          ))}
      </div>
    </section>
  );
}

/** Permit verification: the page the printed QR code opens, and a form to check a PDF you hold. */
export default function Verify({ params }: PageProps) {
  const l = lang.value;
  const permitNumber = params.permitNumber ?? '';
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();
  function lookUp(e: Event) {
    e.preventDefault();
    const n = typed.trim().toUpperCase();
    if (!PERMIT.test(n)) {
      setError(t('verify.badNumber'));
      return;
    }
    setError(undefined);
    navigate(href('verify', l, { permitNumber: n }));
  }
  return (
    <Page
      title={permitNumber ? t('verify.titleOf', { number: permitNumber }) : t('verify.title')}
      lead={permitNumber ? undefined : t('verify.lead')}
    >
      {permitNumber ? (
        <>
          <RecordVerification permitNumber={permitNumber} />
          <p class="muted">{t('verify.lead')}</p>
          <QrCheck permitNumber={permitNumber} />
        </>
      ) : (
        <form onSubmit={lookUp} noValidate>
          <ErrorSummary
            errors={error ? { lookup: error } : {}}
            labels={{ lookup: t('verify.permitNumber') }}
          />
          <Field name="lookup" label={t('verify.permitNumber')} hint={t('verify.numberHint')} error={error}>
            <input
              id="f-lookup"
              name="lookup"
              dir="ltr"
              autoComplete="off"
              value={typed}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy('lookup', 'hint', error)}
              onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
            />
          </Field>
          <button type="submit" class="button">
            {t('verify.lookUp')}
          </button>
        </form>
      )}
      <PdfCheck key={permitNumber} permitNumber={permitNumber} />
    </Page>
  );
}
