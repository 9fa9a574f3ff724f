import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, unwrap } from '../api/client.ts';
import { ErrorPanel } from '../components/ui.tsx';
import { lang, t } from '../i18n/index.ts';
import { dateTime, labelled, num } from '../lib/format.ts';
import { bearer } from './auth.ts';
import type { Application, DocumentRequirement, DocumentVersion } from './model.ts';
import { type DocumentFormat, postToForm, precheck, sha256Hex, UploadError } from './upload.ts';

type Phase =
  | { kind: 'idle' }
  | { kind: 'hashing' }
  | { kind: 'uploading'; fraction: number }
  | { kind: 'confirming' }
  | { kind: 'done'; version: number }
  | { kind: 'refused'; message: string }
  | { kind: 'interrupted'; file: File }
  | { kind: 'failed'; error: unknown; file: File };

const size = (bytes: number, l: 'fr' | 'ar') =>
  bytes >= 1024 * 1024
    ? t('size.mb', { n: num(bytes / 1024 / 1024, l, 1) })
    : t('size.kb', { n: num(Math.ceil(bytes / 1024), l, 0) });

/** A completeness or upload problem of one document, as the API words it. */
export type DocProblem = { code: string; reason: string; detail: string };

/** One document of the checklist: its rules, its current version, drag-and-drop upload with progress, preview, versions. */
export function DocumentRow({
  app,
  requirement,
  editable,
  problems,
  changed,
  onChanged,
}: {
  app: Application;
  requirement: DocumentRequirement & { required: boolean };
  editable: boolean;
  problems: DocProblem[];
  changed?: { fromVersion: number | null; toVersion: number } | undefined;
  onChanged: (doc: DocumentVersion) => void;
}) {
  const l = lang.value;
  const code = requirement.code;
  const current = app.documents[code] as DocumentVersion | undefined;
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [over, setOver] = useState(false);
  const busy = phase.kind === 'hashing' || phase.kind === 'uploading' || phase.kind === 'confirming';

  async function send(file: File) {
    const check = precheck(file, {
      formats: requirement.formats as DocumentFormat[],
      maxSizeMb: requirement.maxSizeMb,
    });
    if (!check.ok) {
      setPhase({
        kind: 'refused',
        message:
          check.reason === 'format'
            ? t('doc.badFormat', {
                formats: check.accepted.map((f) => f.split('/')[1]?.toUpperCase()).join(', '),
              })
            : check.reason === 'size'
              ? t('doc.tooLarge', { max: check.maxSizeMb })
              : t('doc.empty'),
      });
      return;
    }
    try {
      setPhase({ kind: 'hashing' });
      const sha256 = await sha256Hex(file);
      const headers = await bearer();
      const form = await unwrap(
        api().POST('/applications/{applicationId}/documents/{documentCode}/uploads', {
          params: { path: { applicationId: app.id, documentCode: code } },
          headers,
          body: { contentType: check.format, sizeBytes: file.size, fileName: file.name.slice(0, 200) },
        }),
      );
      setPhase({ kind: 'uploading', fraction: 0 });
      await postToForm(form, file, (fraction) => setPhase({ kind: 'uploading', fraction }));
      setPhase({ kind: 'confirming' });
      const doc = await unwrap(
        api().POST('/applications/{applicationId}/documents/{documentCode}/versions', {
          params: { path: { applicationId: app.id, documentCode: code } },
          headers: await bearer(),
          body: { key: form.key, fileName: file.name.slice(0, 200), sha256 },
        }),
      );
      setPhase({ kind: 'done', version: doc.version });
      onChanged(doc as DocumentVersion);
    } catch (error) {
      if (error instanceof UploadError && error.status === 0) setPhase({ kind: 'interrupted', file });
      else if (error instanceof ApiError && error.status === 422)
        setPhase({ kind: 'refused', message: error.problem.detail ?? error.message });
      else setPhase({ kind: 'failed', error, file });
    }
  }

  const choose = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file && !busy) void send(file);
  };
  const id = `doc-${code}`;
  const problemText = problems.map((p) => p.detail);
  return (
    <li
      class={`doc${problems.length ? ' doc-problem' : ''}`}
      id={id}
      data-doc={code}
      data-phase={phase.kind}
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`}>
        {labelled(requirement, l)}{' '}
        <span class="muted">
          ({requirement.required ? t('doc.required') : t('doc.optional')},{' '}
          {requirement.formats.map((f) => f.split('/')[1]?.toUpperCase()).join('/')}, ≤{' '}
          {t('size.mb', { n: requirement.maxSizeMb })})
        </span>
      </h3>
      {problems.length > 0 && (
        <p class="error-message" id={`${id}-problem`} data-testid="doc-problem">
          <span class="visually-hidden">{t('form.errorPrefix')} </span>
          {problems.some((p) => p.reason === 'missing') ? t('doc.missing') : problemText.join(' ')}
        </p>
      )}
      {current ? (
        <p class="doc-current" data-version={current.version}>
          {t('doc.current', { v: current.version })} ·{' '}
          <bdi>{current.fileName ?? current.key.split('/').pop()}</bdi> · {size(current.sizeBytes, l)} ·{' '}
          {dateTime(current.uploadedAt, l)} ·{' '}
          <span class="muted">
            SHA-256 <code dir="ltr">{current.sha256.slice(0, 12)}…</code>
          </span>
          {changed && (
            <strong class="badge status-changed">
              {changed.fromVersion === null
                ? t('changes.added', { v: changed.toVersion })
                : t('changes.replaced', { from: changed.fromVersion, to: changed.toVersion })}
            </strong>
          )}
        </p>
      ) : (
        <p class="muted">{t('doc.none')}</p>
      )}
      {editable && (
        <fieldset
          aria-labelledby={`${id}-title`}
          class={`dropzone${over ? ' dropzone-over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(false);
            choose(e.dataTransfer?.files);
          }}
        >
          <label for={`f-file-${code}`}>{current ? t('doc.replace') : t('doc.choose')}</label>
          <input
            id={`f-file-${code}`}
            type="file"
            accept={requirement.formats.join(',')}
            disabled={busy}
            aria-describedby={problems.length ? `${id}-problem` : undefined}
            onChange={(e) => {
              const input = e.target as HTMLInputElement;
              choose(input.files);
              input.value = '';
            }}
          />
          <span class="muted">{t('doc.drop')}</span>
        </fieldset>
      )}
      <div aria-live="polite">
        {phase.kind === 'hashing' && <p class="muted">{t('doc.hashing')}</p>}
        {(phase.kind === 'uploading' || phase.kind === 'confirming') && (
          <div class="progress-row">
            <label for={`${id}-progress`}>
              {phase.kind === 'confirming' ? t('doc.confirming') : t('doc.sending')}
            </label>
            <progress
              id={`${id}-progress`}
              max={100}
              value={phase.kind === 'uploading' ? Math.round(phase.fraction * 100) : 100}
            >
              {phase.kind === 'uploading' ? Math.round(phase.fraction * 100) : 100} %
            </progress>
          </div>
        )}
        {phase.kind === 'done' && <p class="success-text">{t('doc.done', { v: phase.version })}</p>}
        {phase.kind === 'refused' && (
          <p class="error-message" role="alert" data-testid="doc-refused">
            {t('doc.refused')} <bdi lang="">{phase.message}</bdi>
          </p>
        )}
        {phase.kind === 'interrupted' && (
          <p class="error-message" role="alert">
            {t('doc.interrupted')}{' '}
            <button type="button" class="button button-secondary" onClick={() => void send(phase.file)}>
              {t('doc.retry')}
            </button>
          </p>
        )}
        {phase.kind === 'failed' && <ErrorPanel error={phase.error} retry={() => void send(phase.file)} />}
      </div>
      {current && <Versions app={app} code={code} latest={current.version} />}
    </li>
  );
}

/** The versions of a document, and the chosen one shown in the page (PDF in a frame, image inline). */
function Versions({ app, code, latest }: { app: Application; code: string; latest: number }) {
  const l = lang.value;
  const [open, setOpen] = useState(false);
  const [history, setHistory] = useState<DocumentVersion[]>();
  const [preview, setPreview] = useState<{ url: string; type: string; version: number }>();
  const [error, setError] = useState<unknown>();
  useEffect(() => () => preview && URL.revokeObjectURL(preview.url), [preview]);

  async function show(version: number) {
    setError(undefined);
    try {
      const answer = await unwrap(
        api().GET('/applications/{applicationId}/documents/{documentCode}', {
          params: { path: { applicationId: app.id, documentCode: code }, query: { version } },
          headers: await bearer(),
        }),
      );
      setHistory(answer.history as DocumentVersion[]);
      // Fetched, then shown from memory: the page never frames another origin (CSP frame-src 'self' blob:).
      const res = await fetch(answer.url);
      if (!res.ok) throw new ApiError(res.status, { title: res.statusText });
      const blob = await res.blob();
      setPreview({
        url: URL.createObjectURL(new Blob([blob], { type: answer.document.contentType })),
        type: answer.document.contentType,
        version,
      });
    } catch (e) {
      setError(e);
    }
  }
  return (
    <div class="versions">
      <button
        type="button"
        class="button button-secondary"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
          if (!open) void show(latest);
        }}
      >
        {open ? t('doc.hidePreview') : t('doc.preview')}
      </button>
      {open && (
        <div class="preview" data-testid="preview">
          {error !== undefined && <ErrorPanel error={error} retry={() => void show(latest)} />}
          {history && history.length > 1 && (
            <ul class="inline-list">
              {history.map((v) => (
                <li key={v.version}>
                  <button
                    type="button"
                    class="link-button"
                    aria-pressed={preview?.version === v.version}
                    onClick={() => void show(v.version)}
                  >
                    {t('doc.version', { v: v.version })} · {dateTime(v.uploadedAt, l)}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {preview &&
            (preview.type === 'application/pdf' ? (
              <iframe
                src={preview.url}
                title={t('doc.previewOf', { v: preview.version })}
                class="pdf-frame"
              />
            ) : (
              <img src={preview.url} alt={t('doc.previewOf', { v: preview.version })} class="image-preview" />
            ))}
        </div>
      )}
    </div>
  );
}
