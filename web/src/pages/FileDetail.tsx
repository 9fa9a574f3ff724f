import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, unwrap } from '../api/client.ts';
import { session } from '../auth/session.ts';
import { StaffPanels } from '../backoffice/FileActions.tsx';
import { describedBy, ErrorPanel, ErrorSummary, Field, Loaded, Page } from '../components/ui.tsx';
import { has, type Key, lang, t } from '../i18n/index.ts';
import { daysUsed, dayUnit } from '../lib/days.ts';
import { date, dateTime, labelled, money, named, num } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { href, type PageProps } from '../routes.ts';
import { bearer, isUnauthenticated, signInAgain } from '../workspace/auth.ts';
import { type DocProblem, DocumentRow } from '../workspace/Documents.tsx';
import { downloadPdf } from '../workspace/download.ts';
import {
  type Application,
  applicantLabel,
  checklist,
  type HistoryEvent,
  isFiler,
  waitingOnMe,
} from '../workspace/model.ts';
import { Signatures } from '../workspace/Signatures.tsx';
import { SignedOut } from '../workspace/SignedOut.tsx';

async function loadFile(id: string) {
  const headers = await bearer();
  const path = { applicationId: id };
  const app = (await unwrap(
    api().GET('/applications/{applicationId}', { params: { path }, headers }),
  )) as Application;
  const submitted = app.status !== 'DRAFT';
  const paid = ['AWAITING_PAYMENT', 'PAID', 'ISSUED'].includes(app.status);
  const [me, catalogue, history, messages, clock, reasons, changes, order, communes] = await Promise.all([
    unwrap(api().GET('/me', { headers })),
    unwrap(api().GET('/procedures')),
    unwrap(api().GET('/applications/{applicationId}/history', { params: { path }, headers })),
    unwrap(api().GET('/applications/{applicationId}/messages', { params: { path }, headers })).catch(
      () => undefined,
    ),
    submitted
      ? unwrap(api().GET('/applications/{applicationId}/clock', { params: { path }, headers })).catch(
          () => undefined,
        )
      : undefined,
    app.lastReturn ? unwrap(api().GET('/review/reasons')).catch(() => undefined) : undefined,
    app.lastReturn
      ? unwrap(api().GET('/applications/{applicationId}/changes', { params: { path }, headers })).catch(
          () => undefined,
        )
      : undefined,
    paid
      ? unwrap(api().GET('/applications/{applicationId}/payment-order', { params: { path }, headers })).catch(
          () => undefined,
        )
      : undefined,
    unwrap(
      api().GET('/geo/provinces/{provinceId}/communes', { params: { path: { provinceId: app.provinceId } } }),
    ).catch(() => undefined),
  ]);
  const procedure = catalogue.procedures.find((p) => p.code === app.procedureCode);
  const commune = communes?.communes.find((c) => c.id === app.communeId);
  // A licence that expires is renewed by the procedure that follows it and gives one itself.
  const renewal = catalogue.procedures.find(
    (p) => p.validityMonths !== undefined && p.follows?.includes(app.procedureCode),
  );
  return {
    app,
    renewal,
    me,
    procedure,
    history: history.events,
    messages: messages?.messages,
    clock,
    reasons,
    changes,
    order,
    commune,
  };
}
type Loadedfile = Awaited<ReturnType<typeof loadFile>>;

/** One file: where it stands, what waits on me, its documents, submission, return, payment, permit and history. */
export default function FileDetail({ params }: PageProps) {
  const id = params.id as string;
  const [attempt, setAttempt] = useState(0);
  const file = useResource(() => loadFile(id), [id, attempt, session.value?.username]);
  // A reload after an action keeps the page (and its outcome panels) until the new data is in.
  const [last, setLast] = useState<Loadedfile>();
  useEffect(() => {
    if (file.status === 'ok') setLast(file.data);
  }, [file]);
  if (!session.value) return <SignedOut title={t('file.title')} />;
  const shown = file.status === 'ok' ? file.data : last?.app.id === id ? last : undefined;
  const title = shown?.app.receiptNumber
    ? t('file.titleReceipt', { n: shown.app.receiptNumber })
    : t('file.title');
  return (
    <Page title={title}>
      <p>
        <a href={href('workspace', lang.value)}>{t('file.back')}</a>
      </p>
      {file.status === 'error' && isUnauthenticated(file.error) ? (
        <div class="panel panel-warning" role="alert">
          <p>{t('error.unauthenticated')}</p>
          <button type="button" class="button" onClick={signInAgain}>
            {t('auth.signIn')}
          </button>
        </div>
      ) : shown ? (
        <>
          {file.status === 'error' && <ErrorPanel error={file.error} retry={file.retry} />}
          <File data={shown} reload={() => setAttempt((n) => n + 1)} />
        </>
      ) : (
        <Loaded resource={file}>{() => null}</Loaded>
      )}
    </Page>
  );
}

type Outcome =
  | { kind: 'submitted'; receiptNumber: string; deadlineDate: string; days: number }
  | { kind: 'resubmitted'; deadlineDate: string }
  | { kind: 'conflict' }
  | { kind: 'error'; error: unknown };

function File({ data, reload }: { data: Loadedfile; reload: () => void }) {
  const l = lang.value;
  const { me, procedure, history, messages, clock, order, commune } = data;
  const [app, setApp] = useState(data.app);
  const [problems, setProblems] = useState<DocProblem[]>([]);
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setApp(data.app), [data.app]);
  const roles = me.roles as string[];
  const pro = isFiler(roles);
  const editable = pro && (app.status === 'DRAFT' || app.status === 'RETURNED_FOR_COMPLETION');
  const todo = waitingOnMe(app, roles);
  const docs = procedure ? checklist(procedure, app.size) : [];
  const changed = new Map((data.changes?.documents ?? []).map((c) => [c.code, c]));
  const reasonLabel = (code: string) => {
    const r = data.reasons?.returnReasons.find((x) => x.code === code);
    return r ? labelled(r, l) : code;
  };
  const payment = [...history].reverse().find((e) => e.type === 'PAYMENT_RECEIVED');

  async function act(kind: 'submission' | 'resubmission') {
    setBusy(true);
    setOutcome(undefined);
    try {
      const headers = await bearer();
      const params = {
        path: { applicationId: app.id },
        header: { 'idempotency-key': `${kind}-${app.id}-${app.version}` },
      };
      const next = (await unwrap(
        kind === 'submission'
          ? api().POST('/applications/{applicationId}/submission', { params, headers })
          : api().POST('/applications/{applicationId}/resubmission', { params, headers }),
      )) as Application;
      setProblems([]);
      setOutcome(
        kind === 'submission'
          ? {
              kind: 'submitted',
              receiptNumber: next.receiptNumber ?? '',
              deadlineDate: next.deadlineDate ?? '',
              days: next.legalDeadlineDays ?? 0,
            }
          : { kind: 'resubmitted', deadlineDate: next.deadlineDate ?? '' },
      );
      setApp(next);
      reload();
    } catch (e) {
      if (isUnauthenticated(e)) return signInAgain();
      if (e instanceof ApiError && e.status === 422 && Array.isArray(e.problem.problems))
        setProblems(e.problem.problems as DocProblem[]);
      if (e instanceof ApiError && e.status === 409 && e.kind === 'version-conflict') {
        setOutcome({ kind: 'conflict' });
        reload();
      } else setOutcome({ kind: 'error', error: e });
    } finally {
      setBusy(false);
    }
  }

  const fieldProblems = problems.filter((p) => p.code.startsWith('project.'));
  return (
    <>
      {outcome?.kind === 'submitted' && (
        <div class="panel panel-ok" role="status" data-testid="receipt">
          <h2>{t('submit.done')}</h2>
          <dl class="facts">
            <dt>{t('file.receiptNumber')}</dt>
            <dd>
              <bdi dir="ltr">{outcome.receiptNumber}</bdi>
            </dd>
            <dt>{t('file.deadline')}</dt>
            <dd>
              {t('submit.deadline', {
                date: date(outcome.deadlineDate, l),
                n: num(outcome.days, l),
                unit: dayUnit(procedure?.deadline.calendar, l),
              })}
            </dd>
          </dl>
          <ReceiptDownload id={app.id} receiptNumber={outcome.receiptNumber} />
        </div>
      )}
      {outcome?.kind === 'resubmitted' && (
        <div class="panel panel-ok" role="status" data-testid="resubmitted">
          <h2>{t('resubmit.done')}</h2>
          <p>
            {t('submit.deadline', {
              date: date(outcome.deadlineDate, l),
              n: num(app.legalDeadlineDays ?? 0, l),
              unit: dayUnit(procedure?.deadline.calendar, l),
            })}
          </p>
        </div>
      )}
      {outcome?.kind === 'conflict' && (
        <div class="panel panel-warning" role="alert" data-testid="conflict">
          <h2>{t('conflict.title')}</h2>
          <p>{t('conflict.reloaded')}</p>
        </div>
      )}
      {outcome?.kind === 'error' && <ErrorPanel error={outcome.error} />}

      <dl class="facts" data-testid="file-facts">
        <dt>{t('files.status')}</dt>
        <dd>
          <span class={`badge status-${app.status}`} data-status={app.status}>
            {t(`status.${app.status}` as Key)}
          </span>
        </dd>
        <dt>{t('file.receiptNumber')}</dt>
        <dd>
          {app.receiptNumber ? (
            <>
              <bdi dir="ltr">{app.receiptNumber}</bdi>{' '}
              {outcome?.kind !== 'submitted' && (
                <ReceiptDownload id={app.id} receiptNumber={app.receiptNumber} />
              )}
            </>
          ) : (
            t('files.draftNoReceipt')
          )}
        </dd>
        <dt>{t('wizard.procedure')}</dt>
        <dd>{procedure ? labelled(procedure, l) : app.procedureCode}</dd>
        <dt>{t('common.commune')}</dt>
        <dd>{commune ? named(commune, l) : app.communeId}</dd>
        <dt>{t('wizard.applicant')}</dt>
        <dd>{applicantLabel(app.applicant)}</dd>
        <dt>{t('wizard.parcel')}</dt>
        <dd>
          <bdi>{app.parcel.landTitle}</bdi> — {app.parcel.address}
        </dd>
        {clock && (
          <>
            <dt>{t('files.clock')}</dt>
            <dd data-testid="clock">
              {daysUsed(clock.elapsedDays, clock.deadlineDays, clock.dayCount, l)}
              {clock.paused && ` — ${t('clock.paused')}`}
              {clock.pausedDays > 0 && ` — ${t('clock.pausedDays', { n: clock.pausedDays })}`}
              {clock.overdue && ` — ${t('clock.overdue')}`}
              <div class="muted">{t('clock.deadline', { date: date(clock.deadlineDate, l) })}</div>
            </dd>
          </>
        )}
      </dl>

      <div class={`panel${todo ? ' panel-todo' : ''}`} data-testid="todo">
        <h2>{t('file.todoTitle')}</h2>
        <p>{todo ? t(`todo.${todo}.long` as Key) : t(`todo.wait.${app.status}` as Key)}</p>
      </div>

      {app.lastReturn && app.status === 'RETURNED_FOR_COMPLETION' && (
        <section aria-labelledby="return-title" class="panel panel-warning" data-testid="returned">
          <h2 id="return-title">{t('return.title', { date: dateTime(app.lastReturn.at, l) })}</h2>
          <ul>
            {app.lastReturn.remarks.map((r, i) => {
              const doc = docs.find((d) => d.code === r.documentCode);
              return (
                <li key={`${r.reasonCode}-${i}`} data-reason={r.reasonCode}>
                  <strong>{reasonLabel(r.reasonCode)}</strong>
                  {doc && (
                    <>
                      {' — '}
                      <a href={`#doc-${doc.code}`}>{labelled(doc, l)}</a>
                    </>
                  )}
                  {r.text && (
                    <>
                      {' — '}
                      <bdi lang="">{r.text}</bdi>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
          <p>{t('return.explain')}</p>
        </section>
      )}

      <StaffPanels
        app={app}
        me={me}
        procedure={procedure}
        communeName={commune ? named(commune, l) : app.communeId}
        onChanged={(next) => {
          setApp(next);
          reload();
        }}
      />

      {pro && app.status === 'DRAFT' && (
        <p>
          <a href={href('editFile', l, { id: app.id })}>{t('file.edit')}</a>
        </p>
      )}

      <section aria-labelledby="docs-title">
        <h2 id="docs-title">{t('file.documents')}</h2>
        {fieldProblems.length > 0 && (
          <div class="error-summary" role="alert">
            <h3>{t('submit.projectProblems')}</h3>
            <ul>
              {fieldProblems.map((p) => (
                <li key={p.code}>
                  <a href={href('editFile', l, { id: app.id })}>
                    {t(`project.${p.code.slice('project.'.length)}` as Key)}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}
        {problems.length > fieldProblems.length && (
          <div class="error-summary" role="alert" tabIndex={-1} data-testid="submit-problems">
            <h3>{t('submit.problems')}</h3>
            <ul>
              {problems
                .filter((p) => !p.code.startsWith('project.'))
                .map((p) => {
                  const doc = docs.find((d) => d.code === p.code);
                  return (
                    <li key={`${p.code}-${p.reason}`}>
                      <a href={`#f-file-${p.code}`}>{doc ? labelled(doc, l) : p.code}</a>
                    </li>
                  );
                })}
            </ul>
          </div>
        )}
        <ul class="doc-list">
          {docs.map((d) => (
            <DocumentRow
              key={d.code}
              app={app}
              requirement={d}
              editable={editable}
              problems={problems.filter((p) => p.code === d.code)}
              changed={app.status === 'RETURNED_FOR_COMPLETION' ? changed.get(d.code) : undefined}
              onChanged={(doc) => {
                setApp((a) => ({ ...a, documents: { ...a.documents, [doc.code]: doc } }));
                setProblems((ps) => ps.filter((p) => p.code !== doc.code));
              }}
            />
          ))}
        </ul>
        {pro && app.status === 'DRAFT' && (
          <button type="button" class="button" disabled={busy} onClick={() => void act('submission')}>
            {t('submit.button')}
          </button>
        )}
        {pro && app.status === 'RETURNED_FOR_COMPLETION' && (
          <button type="button" class="button" disabled={busy} onClick={() => void act('resubmission')}>
            {t('resubmit.button')}
          </button>
        )}
      </section>

      {order && <Payment app={app} order={order} paidEvent={payment} />}
      {app.status === 'ISSUED' && app.permit && <Permit app={app} renewal={pro ? data.renewal : undefined} />}
      {pro && app.status !== 'WITHDRAWN' && <Invite app={app} />}
      {/* Files that went to the commission: who signed what, checked by the API. */}
      {(app.status === 'IN_COMMISSION' || history.some((e) => e.type === 'OPINION_GIVEN')) && (
        <Signatures key={`${app.id}-${app.version}`} id={app.id} receiptNumber={app.receiptNumber} />
      )}
      <Timeline events={history} clock={clock} />
      {messages && <Messages messages={messages} />}
    </>
  );
}

type Order = NonNullable<Loadedfile['order']>;
type OrderLine = Order['lines'][number];

const beneficiaryName = (id: string) => (has(`beneficiary.${id}`) ? t(`beneficiary.${id}` as Key) : id);

/** Paid, to pay by card, to pay at the beneficiary's counter (online payment not open yet), or nothing due. */
const lineState = (line: OrderLine): 'paid' | 'due' | 'counter' | 'none' =>
  line.paidBy
    ? 'paid'
    : line.amountCentimes === 0 || line.exempted
      ? 'none'
      : line.collection === 'counter'
        ? 'counter'
        : 'due';

/** What each beneficiary is owed by card, in the order's order of lines. */
function payableByBeneficiary(order: Order): [string, number][] {
  const due = new Map<string, number>();
  for (const line of order.lines)
    if (line.mandatory && lineState(line) === 'due')
      due.set(line.beneficiary, (due.get(line.beneficiary) ?? 0) + line.amountCentimes);
  return [...due];
}

function Payment({
  app,
  order,
  paidEvent,
}: {
  app: Application;
  order: Order;
  paidEvent?: HistoryEvent | undefined;
}) {
  const l = lang.value;
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function pay(beneficiary: string) {
    setBusy(true);
    setError(undefined);
    try {
      const start = await unwrap(
        api().POST('/payments', {
          headers: await bearer(),
          body: { applicationId: app.id, language: l, beneficiary },
        }),
      );
      // The bank's page is reached by posting its signed form (CMI 3D_PAY_HOSTING), as a bank expects.
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = start.gatewayUrl;
      for (const [name, value] of Object.entries(start.fields)) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    } catch (e) {
      if (isUnauthenticated(e)) return signInAgain();
      setError(e);
      setBusy(false);
    }
  }
  const orderId = paidEvent?.details?.orderId as string | undefined;
  const receiptNumber = paidEvent?.details?.receiptNumber as string | undefined;
  return (
    <section aria-labelledby="pay-title" data-testid="payment">
      <h2 id="pay-title">{t('pay.title')}</h2>
      <div class="table-wrap">
        <table>
          <caption>{t('pay.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pay.line')}</th>
              <th scope="col">{t('pay.beneficiary')}</th>
              <th scope="col">{t('pay.amount')}</th>
              <th scope="col">{t('pay.lineState')}</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => (
              <tr key={line.code}>
                <th scope="row">
                  {l === 'ar' ? line.labelAr : line.label}
                  <div class="muted" lang="fr">
                    {line.legalBasis}
                  </div>
                </th>
                <td>{beneficiaryName(line.beneficiary)}</td>
                <td class="num">{money(line.amountCentimes, l)}</td>
                <td data-line-state={lineState(line)}>{t(`pay.state.${lineState(line)}` as Key)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                {t('pay.due')}
              </th>
              <td class="num" data-testid="due">
                {money(order.dueCentimes, l)}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      {error !== undefined && <ErrorPanel error={error} />}
      {order.status === 'PAYABLE' && order.dueCentimes > 0 ? (
        <>
          {/* One checkout per beneficiary, each through its own merchant account (docs/payment.md). */}
          {payableByBeneficiary(order).map(([beneficiary, amount]) => (
            <p key={beneficiary}>
              <button
                type="button"
                class="button"
                data-beneficiary={beneficiary}
                disabled={busy}
                onClick={() => void pay(beneficiary)}
              >
                {t('pay.buttonFor', { amount: money(amount, l), beneficiary: beneficiaryName(beneficiary) })}
              </button>
            </p>
          ))}
          {order.lines.some((line) => lineState(line) === 'counter') && (
            <p class="muted" data-testid="counter-lines">
              {t('pay.counterLead')}
            </p>
          )}
        </>
      ) : (
        <p class="success-text">
          {order.paidAt ? t('pay.paidOn', { date: dateTime(order.paidAt, l) }) : t('pay.paid')}
        </p>
      )}
      {orderId && (
        <p>
          <button
            type="button"
            class="button button-secondary"
            onClick={() =>
              void downloadPdf(
                `/payments/${encodeURIComponent(orderId)}/receipt`,
                `quittance-${orderId}.pdf`,
              ).catch(setError)
            }
          >
            {t('pay.receipt', { n: receiptNumber ?? orderId })}
          </button>
        </p>
      )}
    </section>
  );
}

function Permit({ app, renewal }: { app: Application; renewal?: { code: string } | undefined }) {
  const l = lang.value;
  const permit = app.permit as NonNullable<Application['permit']>;
  const [qr, setQr] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let live = true;
    void import('qrcode')
      .then((m) => m.toDataURL(permit.verificationUrl, { margin: 1, width: 180 }))
      .then((url) => live && setQr(url))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [permit.verificationUrl]);
  return (
    <section aria-labelledby="permit-title" class="panel panel-ok" data-testid="permit">
      <h2 id="permit-title">{t('permit.title', { n: permit.number })}</h2>
      <p>{t('permit.issuedOn', { date: dateTime(permit.issuedAt, l) })}</p>
      <p>
        <button
          type="button"
          class="button"
          onClick={() =>
            void downloadPdf(`/applications/${app.id}/permit`, `permis-${permit.number}.pdf`).catch(setError)
          }
        >
          {t('permit.download')}
        </button>
      </p>
      {error !== undefined && <ErrorPanel error={error} />}
      <p>
        {t('permit.verifyLead')}{' '}
        <a href={href('verify', l, { permitNumber: permit.number })} data-testid="verify-link">
          {t('permit.verifyLink')}
        </a>
      </p>
      <p class="muted">
        <bdi dir="ltr">{permit.verificationUrl}</bdi>
      </p>
      {qr && <img src={qr} alt={t('permit.qrAlt', { n: permit.number })} width={180} height={180} />}
      {renewal && (
        <p>
          <a
            class="button button-secondary"
            href={`${href('newFile', l)}?${new URLSearchParams({ renouveler: app.id })}`}
            data-testid="renew"
          >
            {t('permit.renew')}
          </a>
        </p>
      )}
    </section>
  );
}

function Invite({ app }: { app: Application }) {
  const l = lang.value;
  const [values, setValues] = useState({
    email: app.applicant.email ?? '',
    phone: app.applicant.phone ?? '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<{ newAccount: boolean }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim()))
      problems['invite-email'] = t('wizard.err.email');
    setErrors(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    setError(undefined);
    try {
      const answer = await unwrap(
        api().POST('/applications/{applicationId}/followers', {
          params: { path: { applicationId: app.id } },
          headers: { ...(await bearer()), 'idempotency-key': `invite-${app.id}-${values.email.trim()}` },
          body: {
            email: values.email.trim().toLowerCase(),
            ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
            preferredLanguage: app.applicant.preferredLanguage ?? l,
          },
        }),
      );
      setDone(answer);
    } catch (err) {
      if (isUnauthenticated(err)) return signInAgain();
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="invite-title">
      <h2 id="invite-title">{t('invite.title')}</h2>
      <p>{t('invite.lead', { n: app.followers.length })}</p>
      <ErrorSummary errors={errors} labels={{ 'invite-email': t('wizard.email') }} />
      <form onSubmit={submit} noValidate>
        <Field name="invite-email" label={t('wizard.email')} error={errors['invite-email']}>
          <input
            id="f-invite-email"
            type="email"
            dir="ltr"
            value={values.email}
            aria-invalid={errors['invite-email'] ? true : undefined}
            aria-describedby={describedBy('invite-email', undefined, errors['invite-email'])}
            onInput={(e) => setValues({ ...values, email: (e.target as HTMLInputElement).value })}
          />
        </Field>
        <Field name="invite-phone" label={`${t('wizard.phone')} ${t('form.optional')}`}>
          <input
            id="f-invite-phone"
            type="tel"
            dir="ltr"
            value={values.phone}
            onInput={(e) => setValues({ ...values, phone: (e.target as HTMLInputElement).value })}
          />
        </Field>
        <button type="submit" class="button button-secondary" disabled={busy}>
          {t('invite.button')}
        </button>
      </form>
      {done && (
        <p class="success-text" role="status" data-testid="invited">
          {done.newAccount ? t('invite.doneNew') : t('invite.doneExisting')}
        </p>
      )}
      {error !== undefined && <ErrorPanel error={error} />}
    </section>
  );
}

function Timeline({ events, clock }: { events: HistoryEvent[]; clock: Loadedfile['clock'] }) {
  const l = lang.value;
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      {clock && (
        <ul class="phases">
          {clock.phases.map((p) => (
            <li key={p.phase}>
              {t(`phase.${p.phase}` as Key)} : {t(`phaseStatus.${p.status}` as Key)} —{' '}
              {daysUsed(p.elapsedDays, p.budgetDays, p.dayCount, l)}
              {p.overBudget && ` — ${t('clock.overBudget')}`}
            </li>
          ))}
        </ul>
      )}
      <ol class="timeline" data-testid="timeline">
        {[...events].reverse().map((e, i) => (
          <li key={`${e.at}-${i}`} data-event={e.type}>
            <time dateTime={e.at}>{dateTime(e.at, l)}</time> — {t(`event.${e.type}` as Key)}
            {e.role && has(`role.${e.role}`) && <span class="muted"> ({t(`role.${e.role}` as Key)})</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The récépissé de dépôt (bilingual PDF), fetched with the bearer token like the permit. */
function ReceiptDownload({ id, receiptNumber }: { id: string; receiptNumber: string }) {
  const [error, setError] = useState<unknown>();
  return (
    <>
      <button
        type="button"
        class="button button-secondary"
        data-testid="recepisse-download"
        onClick={() =>
          void downloadPdf(
            `/applications/${encodeURIComponent(id)}/receipt`,
            `recepisse-${receiptNumber.replaceAll('/', '-')}.pdf`,
          ).catch(setError)
        }
      >
        {t('file.recepisseDownload')}
      </button>
      {error !== undefined && <ErrorPanel error={error} />}
    </>
  );
}

type FileMessage = NonNullable<Loadedfile['messages']>[number];

/** Every message sent about the file: to whom, what, when, how, and whether the provider took it. */
function Messages({ messages }: { messages: FileMessage[] }) {
  const l = lang.value;
  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">{t('messages.title')}</h2>
      {messages.length === 0 ? (
        <p class="muted">{t('messages.none')}</p>
      ) : (
        <table data-testid="messages">
          <caption class="visually-hidden">{t('messages.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('messages.when')}</th>
              <th scope="col">{t('messages.to')}</th>
              <th scope="col">{t('messages.channel')}</th>
              <th scope="col">{t('messages.what')}</th>
              <th scope="col">{t('messages.status')}</th>
            </tr>
          </thead>
          <tbody>
            {[...messages].reverse().map((m, i) => (
              <tr key={`${m.eventAt}-${i}`} data-kind={m.kind}>
                <td>
                  <time dateTime={m.at}>{dateTime(m.at, l)}</time>
                </td>
                <td>
                  {t(`audience.${m.audience}` as Key)} — {m.recipientName} <bdi dir="ltr">{m.address}</bdi>
                </td>
                <td>{t(`channel.${m.channel}` as Key)}</td>
                <td>
                  <span lang={m.language}>{m.summary}</span>
                </td>
                <td>{t(`messageStatus.${m.status}` as Key)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
