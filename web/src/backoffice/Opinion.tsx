import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import { ErrorPanel, ErrorSummary } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { dateTime, labelled } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { bearer } from '../workspace/auth.ts';
import type { Application } from '../workspace/model.ts';
import { ConfirmButton } from './common.tsx';

type OpinionKind = 'FAVOURABLE' | 'FAVOURABLE_WITH_CONDITIONS' | 'UNFAVOURABLE';
const OPINIONS: OpinionKind[] = ['FAVOURABLE', 'FAVOURABLE_WITH_CONDITIONS', 'UNFAVOURABLE'];

/** The opinions given so far for the current round, agency by agency (who, what, conditions, reasons). */
export function Opinions({ app }: { app: Application }) {
  const l = lang.value;
  const reasons = useResource(() => unwrap(api().GET('/review/reasons')), []);
  const given = Object.values(app.opinions ?? {}).filter((o) => o !== undefined);
  if (!app.consultedAgencies?.length) return null;
  const label = (code: string) => {
    const r = reasons.status === 'ok' ? reasons.data.opinionReasons.find((x) => x.code === code) : undefined;
    return r ? labelled(r, l) : code;
  };
  return (
    <section aria-labelledby="opinions-title" data-testid="opinions">
      <h2 id="opinions-title">{t('bo.opinions.title')}</h2>
      <ul>
        {app.consultedAgencies.map((agency) => {
          const o = given.find((x) => x.agency === agency);
          return (
            <li key={agency} data-agency={agency} data-opinion={o?.opinion ?? 'PENDING'}>
              <strong>{t(`agency.${agency}` as Key)}</strong> —{' '}
              {o ? t(`bo.opinion.${o.opinion}` as Key) : t('bo.opinions.pending')}
              {o?.at && <span class="muted"> ({dateTime(o.at, l)})</span>}
              {o && (o.conditions?.length ?? 0) > 0 && (
                <ul>
                  {o.conditions?.map((c) => (
                    <li key={c}>
                      <bdi lang="">{c}</bdi>
                    </li>
                  ))}
                </ul>
              )}
              {o && (o.reasons?.length ?? 0) > 0 && (
                <ul>
                  {o.reasons?.map((r) => (
                    <li key={r.reasonCode}>
                      {label(r.reasonCode)}
                      {r.text && (
                        <>
                          {' — '}
                          <bdi lang="">{r.text}</bdi>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * The commission member's opinion for their agency: favourable, favourable with conditions (one
 * per line) or unfavourable with coded reasons. Final once given, so it asks for confirmation.
 */
export function OpinionForm({
  app,
  agency,
  onChanged,
}: {
  app: Application;
  agency: string;
  onChanged: (next: Application) => void;
}) {
  const l = lang.value;
  const reasons = useResource(() => unwrap(api().GET('/review/reasons')), []);
  const [opinion, setOpinion] = useState<OpinionKind>('FAVOURABLE');
  const [conditions, setConditions] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const mine = Object.values(app.opinions ?? {}).find((o) => o?.agency === agency);
  if (app.status !== 'IN_COMMISSION' || !app.consultedAgencies?.includes(agency) || mine) return null;
  const conditionLines = conditions
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
  function check() {
    const problems: Record<string, string> = {};
    if (opinion === 'FAVOURABLE_WITH_CONDITIONS' && conditionLines.length === 0)
      problems['opinion-conditions'] = t('bo.opinion.conditionsRequired');
    if (opinion === 'UNFAVOURABLE' && chosen.length === 0)
      problems['opinion-reasons'] = t('bo.opinion.reasonsRequired');
    setErrors(problems);
    return Object.keys(problems).length === 0;
  }
  async function send() {
    setBusy(true);
    setError(undefined);
    try {
      const next = await unwrap(
        api().POST('/applications/{applicationId}/opinions', {
          params: {
            path: { applicationId: app.id },
            header: { 'idempotency-key': `opinion-${app.id}-${agency}-${app.round ?? 1}` },
          },
          headers: await bearer(),
          body: {
            opinion,
            ...(opinion === 'FAVOURABLE_WITH_CONDITIONS' ? { conditions: conditionLines } : {}),
            ...(opinion === 'UNFAVOURABLE' ? { reasons: chosen.map((reasonCode) => ({ reasonCode })) } : {}),
          },
        }),
      );
      onChanged(next as Application);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="opinion-title" class="panel panel-todo" data-testid="opinion-form">
      <h2 id="opinion-title">{t('bo.opinion.title', { agency: t(`agency.${agency}` as Key) })}</h2>
      <ErrorSummary
        errors={errors}
        labels={{
          'opinion-conditions': t('bo.opinion.conditions'),
          'opinion-reasons': t('bo.opinion.reasons'),
        }}
      />
      <form noValidate onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>{t('bo.opinion.legend')}</legend>
          {OPINIONS.map((o) => (
            <div class="field radio" key={o}>
              <input
                id={`f-opinion-${o}`}
                type="radio"
                name="opinion"
                checked={opinion === o}
                onChange={() => setOpinion(o)}
              />
              <label for={`f-opinion-${o}`}>{t(`bo.opinion.${o}` as Key)}</label>
            </div>
          ))}
        </fieldset>
        {opinion === 'FAVOURABLE_WITH_CONDITIONS' && (
          <div class={`field${errors['opinion-conditions'] ? ' field-error' : ''}`}>
            <label for="f-opinion-conditions">{t('bo.opinion.conditions')}</label>
            <p class="hint" id="f-opinion-conditions-hint">
              {t('bo.decision.conditionsHint')}
            </p>
            {errors['opinion-conditions'] && (
              <p class="error-message" id="f-opinion-conditions-error">
                {errors['opinion-conditions']}
              </p>
            )}
            <textarea
              id="f-opinion-conditions"
              rows={3}
              value={conditions}
              aria-invalid={errors['opinion-conditions'] ? true : undefined}
              aria-describedby={`f-opinion-conditions-hint${errors['opinion-conditions'] ? ' f-opinion-conditions-error' : ''}`}
              onInput={(e) => setConditions((e.target as HTMLTextAreaElement).value)}
            />
          </div>
        )}
        {opinion === 'UNFAVOURABLE' && reasons.status === 'ok' && (
          <fieldset id="f-opinion-reasons" tabIndex={-1}>
            <legend>{t('bo.opinion.reasons')}</legend>
            {errors['opinion-reasons'] && <p class="error-message">{errors['opinion-reasons']}</p>}
            {reasons.data.opinionReasons.map((r) => (
              <div class="field checkbox" key={r.code}>
                <input
                  id={`f-opinion-reason-${r.code}`}
                  type="checkbox"
                  checked={chosen.includes(r.code)}
                  onChange={(e) =>
                    setChosen((xs) =>
                      (e.target as HTMLInputElement).checked
                        ? [...xs, r.code]
                        : xs.filter((x) => x !== r.code),
                    )
                  }
                />
                <label for={`f-opinion-reason-${r.code}`}>{labelled(r, l)}</label>
              </div>
            ))}
          </fieldset>
        )}
        <ConfirmButton
          id="opinion-send"
          label={t('bo.opinion.submit')}
          question={t('bo.opinion.confirm', { opinion: t(`bo.opinion.${opinion}` as Key) })}
          consequence={t('bo.opinion.consequence')}
          disabled={busy}
          onConfirm={() => check() && void send()}
        />
        {error !== undefined && <ErrorPanel error={error} />}
      </form>
    </section>
  );
}
