import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError } from '../api/client.ts';
import { type Key, lang, otherLang, t } from '../i18n/index.ts';
import type { Resource } from '../lib/resource.ts';

/** A page: sets the document title and moves focus to the heading after a navigation (screen readers hear it). */
export function Page({
  title,
  children,
  lead,
}: {
  title: string;
  lead?: ComponentChildren;
  children?: ComponentChildren;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${t('site.name')}`;
    if (document.activeElement && document.activeElement !== document.body) h1.current?.focus();
  }, [title]);
  return (
    <>
      <h1 tabIndex={-1} ref={h1} id="page-title">
        {title}
      </h1>
      {lead && <p class="lead">{lead}</p>}
      {children}
    </>
  );
}

export function Loading() {
  return (
    <p class="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

function errorMessageKey(e: unknown): Key {
  if (!(e instanceof ApiError)) return 'error.unexpected';
  if (e.status === 0) return 'error.unreachable';
  if (e.status === 404) return 'error.notFound';
  if (e.status === 401) return 'error.unauthenticated';
  if (e.status === 403) return 'error.forbidden';
  if (e.status >= 500) return 'error.server';
  return 'error.request';
}

/**
 * What went wrong, in the page's language and the other one, with the API's own detail and a retry.
 * Used for every failed load, so no failure leaves a blank screen.
 */
export function ErrorPanel({ error, retry }: { error: unknown; retry?: () => void }) {
  const key = errorMessageKey(error);
  const other = otherLang(lang.value);
  const problem = error instanceof ApiError ? error.problem : undefined;
  const detail =
    error instanceof ApiError && error.status !== 0 ? (problem?.detail ?? problem?.title) : undefined;
  return (
    <div class="panel panel-error" role="alert">
      <h2>{t(key)}</h2>
      <p lang={other} dir={other === 'ar' ? 'rtl' : 'ltr'} class="other-lang">
        {t(key, undefined, other)}
      </p>
      {detail && (
        <p>
          <span class="muted">{t('error.detail')} </span>
          <bdi>{detail}</bdi>
        </p>
      )}
      {typeof problem?.correlationId === 'string' && (
        <p class="muted">
          {t('error.reference')} <code>{problem.correlationId}</code>
        </p>
      )}
      {retry && (
        <button type="button" class="button" onClick={retry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** Renders a resource: loading, its error panel with retry, or the data. */
export function Loaded<T>({
  resource,
  children,
}: {
  resource: Resource<T>;
  children: (data: T) => ComponentChildren;
}) {
  if (resource.status === 'loading') return <Loading />;
  if (resource.status === 'error') return <ErrorPanel error={resource.error} retry={resource.retry} />;
  return <>{children(resource.data)}</>;
}

/** GOV.UK error summary: focused when it appears, each entry links to its field. */
export function ErrorSummary({
  errors,
  labels,
}: {
  errors: Record<string, string>;
  labels: Record<string, string>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors);
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  }, [entries.length, errors]);
  if (!entries.length) return null;
  return (
    <div class="error-summary" tabIndex={-1} ref={ref} role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('form.errorSummary')}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#f-${field}`}>
              {labels[field] ? `${labels[field]} : ` : ''}
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

type FieldProps = {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children?: ComponentChildren;
};

/** A labelled field with its hint and error, wired with aria-describedby. */
export function Field({ name, label, hint, error, children }: FieldProps) {
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={`f-${name}`}>{label}</label>
      {hint && (
        <p class="hint" id={`f-${name}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={`f-${name}-error`}>
          <span class="visually-hidden">{t('form.errorPrefix')} </span>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

export const describedBy = (name: string, hint?: string, error?: string) =>
  [hint ? `f-${name}-hint` : '', error ? `f-${name}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A text field of a form that lists its fields as data (the registration forms). */
export interface TextFieldSpec<N extends string = string> {
  name: N;
  type?: 'text' | 'tel' | 'email' | 'password';
  autoComplete?: string;
  /** Identifiers, numbers, e-mails: typed left to right even in Arabic. */
  ltr?: boolean;
  optional?: boolean;
  inputMode?: 'numeric';
}

/** One text input in its `Field`: label (marked optional), hint, error, and their ARIA links. */
export function TextInput(props: {
  field: TextFieldSpec;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onInput: (value: string) => void;
}) {
  const { field: f, hint, error } = props;
  return (
    <Field
      name={f.name}
      label={props.label + (f.optional ? ` ${t('form.optional')}` : '')}
      hint={hint}
      error={error}
    >
      <input
        id={`f-${f.name}`}
        name={f.name}
        // Preact's types split <input> by type; every one of these takes the same attributes.
        type={(f.type ?? 'text') as 'text'}
        dir={f.ltr ? 'ltr' : undefined}
        autoComplete={f.autoComplete}
        inputMode={f.inputMode}
        value={props.value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(f.name, hint, error)}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
    </Field>
  );
}

/**
 * A bar chart in SVG (no chart library), with the same numbers in a table for screen readers and
 * for anyone who prefers figures. Series are drawn side by side per category.
 */
export function BarChart({
  caption,
  categories,
  series,
}: {
  caption: string;
  categories: string[];
  series: { label: string; values: (number | null)[]; className: string }[];
}) {
  const width = 720;
  const height = 220;
  const pad = { top: 12, bottom: 28, side: 36 };
  const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const band = (width - pad.side * 2) / Math.max(1, categories.length);
  const bar = Math.max(1, (band * 0.8) / series.length);
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const rtl = lang.value === 'ar';
  const x = (i: number) => (rtl ? width - pad.side - (i + 1) * band : pad.side + i * band);
  const labelEvery = Math.ceil(categories.length / 8);
  return (
    <figure class="chart">
      <figcaption>{caption}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={caption}
        preserveAspectRatio="xMidYMid meet"
      >
        <line x1={pad.side} x2={width - pad.side} y1={y(0)} y2={y(0)} class="axis" />
        <text x={rtl ? width - 4 : 4} y={y(max) + 4} class="tick" text-anchor={rtl ? 'end' : 'start'}>
          {max}
        </text>
        {categories.map((c, i) => (
          <g key={c}>
            {series.map((s, j) => {
              const v = s.values[i] ?? 0;
              return (
                <rect
                  key={s.label}
                  class={s.className}
                  x={x(i) + band * 0.1 + (rtl ? series.length - 1 - j : j) * bar}
                  y={y(v)}
                  width={bar}
                  height={Math.max(0, y(0) - y(v))}
                >
                  <title>{`${c} — ${s.label} : ${v}`}</title>
                </rect>
              );
            })}
            {i % labelEvery === 0 && (
              <text x={x(i) + band / 2} y={height - 8} class="tick" text-anchor="middle">
                {c}
              </text>
            )}
          </g>
        ))}
      </svg>
      <ul class="legend">
        {series.map((s) => (
          <li key={s.label}>
            <span class={`swatch ${s.className}`} aria-hidden="true" /> {s.label}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t('chart.showTable')}</summary>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('chart.category')}</th>
                {series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {categories.map((c, i) => (
                <tr key={c}>
                  <th scope="row">{c}</th>
                  {series.map((s) => (
                    <td key={s.label}>{s.values[i] ?? '—'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
