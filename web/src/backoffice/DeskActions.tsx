import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import { ErrorPanel, ErrorSummary } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { labelled } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { bearer } from '../workspace/auth.ts';
import type { Application, Procedure } from '../workspace/model.ts';
import { ConfirmButton } from './common.tsx';

type Remark = { reasonCode: string; documentCode: string; text: string };
const emptyRemark = (): Remark => ({ reasonCode: '', documentCode: '', text: '' });
const lines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The desk agent's actions on a file, by its status: a submitted file is returned for completion
 * (every coded remark at once) or declared admissible and referred to the agencies; a file ready
 * for decision is approved (with conditions) or rejected (coded reasons). Each asks for
 * confirmation and shows the server's answer; the version read is sent, so a file changed
 * meanwhile is refused (409) rather than overwritten.
 */
export function DeskActions({
  app,
  procedure,
  onChanged,
}: {
  app: Application;
  procedure: Procedure | undefined;
  onChanged: (next: Application) => void;
}) {
  const reasons = useResource(() => unwrap(api().GET('/review/reasons')), []);
  if (app.status !== 'SUBMITTED' && app.status !== 'READY_FOR_DECISION') return null;
  if (reasons.status !== 'ok') return null;
  return (
    <section aria-labelledby="desk-title" class="panel panel-todo" data-testid="desk-actions">
      <h2 id="desk-title">{t('bo.desk.actions')}</h2>
      {app.status === 'SUBMITTED' ? (
        <>
          <ReturnForm
            app={app}
            procedure={procedure}
            reasons={reasons.data.returnReasons}
            onChanged={onChanged}
          />
          <Admissible app={app} procedure={procedure} onChanged={onChanged} />
        </>
      ) : (
        <Decision app={app} reasons={reasons.data.opinionReasons} onChanged={onChanged} />
      )}
    </section>
  );
}

type Reason = { code: string; labelFr: string; labelAr: string };

function useAction(onChanged: (next: Application) => void) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function run(call: () => Promise<Application>) {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await call());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, run };
}

function ReturnForm({
  app,
  procedure,
  reasons,
  onChanged,
}: {
  app: Application;
  procedure: Procedure | undefined;
  reasons: Reason[];
  onChanged: (next: Application) => void;
}) {
  const l = lang.value;
  const [remarks, setRemarks] = useState<Remark[]>([emptyRemark()]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const action = useAction(onChanged);
  const docs = (procedure?.documents ?? []).filter((d) => app.documents[d.code]);
  const set = (i: number, patch: Partial<Remark>) =>
    setRemarks((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const check = () => {
    const problems: Record<string, string> = {};
    remarks.forEach((r, i) => {
      if (!r.reasonCode) problems[`remark-${i}-reason`] = t('bo.return.reasonRequired');
    });
    setErrors(problems);
    return Object.keys(problems).length === 0;
  };
  const send = () =>
    action.run(
      async () =>
        unwrap(
          api().POST('/applications/{applicationId}/return', {
            params: {
              path: { applicationId: app.id },
              header: { 'idempotency-key': `return-${app.id}-${app.version}` },
            },
            headers: await bearer(),
            body: {
              version: app.version,
              remarks: remarks.map((r) => ({
                reasonCode: r.reasonCode,
                ...(r.documentCode ? { documentCode: r.documentCode } : {}),
                ...(r.text.trim() ? { text: r.text.trim() } : {}),
              })),
            },
          }),
        ) as Promise<Application>,
    );
  const labels = Object.fromEntries(
    remarks.map((_, i) => [`remark-${i}-reason`, t('bo.return.reasonN', { n: i + 1 })]),
  );
  return (
    <form noValidate onSubmit={(e) => e.preventDefault()} data-testid="return-form">
      <h3>{t('bo.return.title')}</h3>
      <p class="muted">{t('bo.return.lead')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      {remarks.map((r, i) => (
        <fieldset key={i} class="remark" data-remark={i}>
          <legend>{t('bo.return.remarkN', { n: i + 1 })}</legend>
          <RemarkSelect
            id={`f-remark-${i}-reason`}
            label={t('bo.return.reason')}
            value={r.reasonCode}
            empty={t('bo.choose')}
            options={reasons.map((x) => ({ value: x.code, label: labelled(x, l) }))}
            error={errors[`remark-${i}-reason`]}
            onChange={(reasonCode) => set(i, { reasonCode })}
          />
          <RemarkSelect
            id={`f-remark-${i}-document`}
            label={t('bo.return.document')}
            value={r.documentCode}
            empty={t('bo.return.wholeFile')}
            options={docs.map((d) => ({ value: d.code, label: labelled(d, l) }))}
            onChange={(documentCode) => set(i, { documentCode })}
          />
          <div class="field">
            <label for={`f-remark-${i}-text`}>{t('bo.return.text')}</label>
            <textarea
              id={`f-remark-${i}-text`}
              rows={2}
              maxLength={1000}
              value={r.text}
              onInput={(e) => set(i, { text: (e.target as HTMLTextAreaElement).value })}
            />
          </div>
          {remarks.length > 1 && (
            <button
              type="button"
              class="button button-secondary"
              onClick={() => setRemarks((rs) => rs.filter((_, j) => j !== i))}
            >
              {t('bo.return.remove', { n: i + 1 })}
            </button>
          )}
        </fieldset>
      ))}
      <p>
        <button
          type="button"
          id="return-add"
          class="button button-secondary"
          onClick={() => setRemarks((rs) => [...rs, emptyRemark()])}
        >
          {t('bo.return.add')}
        </button>
      </p>
      <ConfirmButton
        id="return-send"
        label={t('bo.return.submit')}
        question={t('bo.return.confirm', { n: remarks.length })}
        consequence={t('bo.return.consequence')}
        disabled={action.busy}
        onConfirm={() => check() && void send()}
      />
      {action.error !== undefined && <ErrorPanel error={action.error} />}
    </form>
  );
}

/** One choice of a remark (its reason, the document it concerns), with its error when it has one. */
function RemarkSelect(props: {
  id: string;
  label: string;
  value: string;
  /** The label of the empty choice. */
  empty: string;
  options: { value: string; label: string }[];
  error?: string | undefined;
  onChange: (value: string) => void;
}) {
  const { id, error } = props;
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={id}>{props.label}</label>
      {error && (
        <p class="error-message" id={`${id}-error`}>
          {error}
        </p>
      )}
      <select
        id={id}
        value={props.value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
      >
        <option value="">{props.empty}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Admissible({
  app,
  procedure,
  onChanged,
}: {
  app: Application;
  procedure: Procedure | undefined;
  onChanged: (next: Application) => void;
}) {
  const consulted =
    procedure?.commission.when === 'always' ||
    (procedure?.commission.when === 'large' && app.size === 'large');
  const all = procedure?.commission.agencies ?? [];
  const [agencies, setAgencies] = useState<string[]>(consulted ? all : []);
  const action = useAction(onChanged);
  const send = () =>
    action.run(
      async () =>
        unwrap(
          api().POST('/applications/{applicationId}/admissibility', {
            params: {
              path: { applicationId: app.id },
              header: { 'idempotency-key': `admissible-${app.id}-${app.version}` },
            },
            headers: await bearer(),
            body: { version: app.version, ...(consulted ? { agencies } : {}) },
          }),
        ) as Promise<Application>,
    );
  return (
    <form noValidate onSubmit={(e) => e.preventDefault()} data-testid="admissible-form">
      <h3>{t('bo.admissible.title')}</h3>
      {consulted ? (
        <fieldset>
          <legend>{t('bo.admissible.agencies')}</legend>
          {all.map((a) => (
            <div class="field checkbox" key={a}>
              <input
                id={`f-agency-${a}`}
                type="checkbox"
                checked={agencies.includes(a)}
                onChange={(e) =>
                  setAgencies((xs) =>
                    (e.target as HTMLInputElement).checked ? [...xs, a] : xs.filter((x) => x !== a),
                  )
                }
              />
              <label for={`f-agency-${a}`}>{t(`agency.${a}` as Key)}</label>
            </div>
          ))}
        </fieldset>
      ) : (
        <p>{t('bo.admissible.noCommission')}</p>
      )}
      <ConfirmButton
        id="admissible-send"
        label={t('bo.admissible.submit')}
        question={t('bo.admissible.confirm')}
        consequence={consulted ? t('bo.admissible.consequence') : t('bo.admissible.consequenceDirect')}
        disabled={action.busy || (consulted && agencies.length === 0)}
        onConfirm={() => void send()}
      />
      {action.error !== undefined && <ErrorPanel error={action.error} />}
    </form>
  );
}

function Decision({
  app,
  reasons,
  onChanged,
}: {
  app: Application;
  reasons: Reason[];
  onChanged: (next: Application) => void;
}) {
  const l = lang.value;
  const [decision, setDecision] = useState<'APPROVED' | 'REJECTED'>('APPROVED');
  const [conditions, setConditions] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const action = useAction(onChanged);
  const fromOpinions = Object.values(app.opinions ?? {}).flatMap((o) => o?.conditions ?? []);
  const send = () =>
    action.run(
      async () =>
        unwrap(
          api().POST('/applications/{applicationId}/decision', {
            params: {
              path: { applicationId: app.id },
              header: { 'idempotency-key': `decision-${app.id}-${app.version}` },
            },
            headers: await bearer(),
            body:
              decision === 'APPROVED'
                ? { decision, version: app.version, conditions: lines(conditions) }
                : { decision, version: app.version, reasons: chosen.map((reasonCode) => ({ reasonCode })) },
          }),
        ) as Promise<Application>,
    );
  return (
    <form noValidate onSubmit={(e) => e.preventDefault()} data-testid="decision-form">
      <h3>{t('bo.decision.title')}</h3>
      <fieldset>
        <legend>{t('bo.decision.legend')}</legend>
        {(['APPROVED', 'REJECTED'] as const).map((d) => (
          <div class="field radio" key={d}>
            <input
              id={`f-decision-${d}`}
              type="radio"
              name="decision"
              value={d}
              checked={decision === d}
              onChange={() => setDecision(d)}
            />
            <label for={`f-decision-${d}`}>{t(`bo.decision.${d}` as Key)}</label>
          </div>
        ))}
      </fieldset>
      {decision === 'APPROVED' ? (
        <>
          {fromOpinions.length > 0 && (
            <div>
              <p>{t('bo.decision.fromOpinions')}</p>
              <ul>
                {fromOpinions.map((c) => (
                  <li key={c}>
                    <bdi lang="">{c}</bdi>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div class="field">
            <label for="f-decision-conditions">{t('bo.decision.conditions')}</label>
            <p class="hint" id="f-decision-conditions-hint">
              {t('bo.decision.conditionsHint')}
            </p>
            <textarea
              id="f-decision-conditions"
              rows={3}
              value={conditions}
              aria-describedby="f-decision-conditions-hint"
              onInput={(e) => setConditions((e.target as HTMLTextAreaElement).value)}
            />
          </div>
        </>
      ) : (
        <fieldset>
          <legend>{t('bo.decision.reasons')}</legend>
          {reasons.map((r) => (
            <div class="field checkbox" key={r.code}>
              <input
                id={`f-decision-reason-${r.code}`}
                type="checkbox"
                checked={chosen.includes(r.code)}
                onChange={(e) =>
                  setChosen((xs) =>
                    (e.target as HTMLInputElement).checked ? [...xs, r.code] : xs.filter((x) => x !== r.code),
                  )
                }
              />
              <label for={`f-decision-reason-${r.code}`}>{labelled(r, l)}</label>
            </div>
          ))}
        </fieldset>
      )}
      <ConfirmButton
        id="decision-send"
        label={t('bo.decision.submit')}
        question={t(decision === 'APPROVED' ? 'bo.decision.confirmApprove' : 'bo.decision.confirmReject')}
        consequence={t(
          decision === 'APPROVED' ? 'bo.decision.consequenceApprove' : 'bo.decision.consequenceReject',
        )}
        disabled={action.busy}
        onConfirm={() => void send()}
      />
      {action.error !== undefined && <ErrorPanel error={action.error} />}
    </form>
  );
}
