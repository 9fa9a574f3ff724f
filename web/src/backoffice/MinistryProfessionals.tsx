import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema.gen.ts';
import { session } from '../auth/session.ts';
import { describedBy, ErrorPanel, Field, Loaded, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { dateTime } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { bearer } from '../workspace/auth.ts';
import { SignedOut } from '../workspace/SignedOut.tsx';
import { ConfirmButton, Done, Pager, useCursorPages } from './common.tsx';

type Status = 'PENDING_VERIFICATION' | 'VERIFIED' | 'REJECTED';
const STATUSES: Status[] = ['PENDING_VERIFICATION', 'VERIFIED', 'REJECTED'];
type Professional =
  paths['/professionals']['get']['responses'][200]['content']['application/json']['items'][number];

/**
 * The ministry verifies professionals' registrations, oldest first: verify, or refuse with a
 * reason the professional is told (at least five characters, the API's rule). Both ask first.
 */
export default function MinistryProfessionals() {
  const [status, setStatus] = useState<Status>('PENDING_VERIFICATION');
  const [changed, setChanged] = useState(0);
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<unknown>();
  const pages = useCursorPages(status);
  const list = useResource(
    async () =>
      unwrap(
        api().GET('/professionals', {
          params: { query: { status, limit: 20, ...(pages.cursor ? { cursor: pages.cursor } : {}) } },
          headers: await bearer(),
        }),
      ),
    [status, pages.cursor, changed],
  );
  if (!session.value) return <SignedOut title={t('bo.pros.title')} />;
  async function decide(p: Professional, decision: 'VERIFIED' | 'REJECTED', reason: string) {
    setError(undefined);
    setDone(undefined);
    try {
      const answer = await unwrap(
        api().POST('/professionals/{professionalId}/verification', {
          params: {
            path: { professionalId: p.id },
            header: { 'idempotency-key': `verification-${p.id}-${crypto.randomUUID()}` },
          },
          headers: await bearer(),
          body: decision === 'VERIFIED' ? { decision } : { decision, reason },
        }),
      );
      setDone(
        t('bo.pros.done', {
          name: `${answer.firstName} ${answer.lastName}`,
          status: t(`bo.proStatus.${answer.status}` as Key),
        }),
      );
      setChanged((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Page title={t('bo.pros.title')}>
      <search class="filters">
        <Field name="pros-status" label={t('files.status')}>
          <select
            id="f-pros-status"
            value={status}
            onChange={(e) => setStatus((e.target as HTMLSelectElement).value as Status)}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`bo.proStatus.${s}` as Key)}
              </option>
            ))}
          </select>
        </Field>
      </search>
      {done && <Done testId="pro-decided">{done}</Done>}
      {error !== undefined && <ErrorPanel error={error} />}
      <Loaded resource={list}>
        {(d) => (
          <>
            {d.items.length === 0 && <p data-testid="pros-none">{t('bo.pros.none')}</p>}
            <ul class="cards" data-testid="pros-list">
              {d.items.map((p) => (
                <Row key={p.id} p={p} onDecide={decide} />
              ))}
            </ul>
            <Pager pages={pages} nextCursor={d.nextCursor} />
          </>
        )}
      </Loaded>
    </Page>
  );
}

function Row({
  p,
  onDecide,
}: {
  p: Professional;
  onDecide: (p: Professional, d: 'VERIFIED' | 'REJECTED', reason: string) => Promise<void>;
}) {
  const l = lang.value;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const name = `${p.firstName} ${p.lastName}`;
  const field = `reason-${p.id}`;
  return (
    <li class="panel" data-professional={p.id} data-status={p.status}>
      <h2>{name}</h2>
      <dl>
        <dt>{t('bo.pros.profession')}</dt>
        <dd>{t(`profession.${p.profession}` as Key)}</dd>
        <dt>{t('bo.pros.registration')}</dt>
        <dd>
          <bdi dir="ltr">{p.registrationNumber}</bdi>
        </dd>
        <dt>{t('bo.pros.cin')}</dt>
        <dd>
          <bdi dir="ltr">{p.cin}</bdi>
        </dd>
        <dt>{t('bo.person.email')}</dt>
        <dd>
          <bdi dir="ltr">{p.email}</bdi>
        </dd>
        <dt>{t('bo.pros.registered')}</dt>
        <dd>{dateTime(p.registeredAt, l)}</dd>
        {p.rejectionReason && (
          <>
            <dt>{t('bo.pros.reason')}</dt>
            <dd>{p.rejectionReason}</dd>
          </>
        )}
      </dl>
      {p.status === 'PENDING_VERIFICATION' && (
        <div class="actions">
          <ConfirmButton
            id={`verify-${p.id}`}
            label={t('bo.pros.verify')}
            question={t('bo.pros.confirmVerify', { name })}
            consequence={t('bo.pros.consequenceVerify')}
            onConfirm={() => void onDecide(p, 'VERIFIED', '')}
          />
          <Field name={field} label={t('bo.pros.reason')} hint={t('bo.pros.reasonHint')} error={error}>
            <input
              id={`f-${field}`}
              value={reason}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy(field, t('bo.pros.reasonHint'), error)}
              onInput={(e) => setReason((e.target as HTMLInputElement).value)}
            />
          </Field>
          <ConfirmButton
            id={`refuse-${p.id}`}
            secondary
            label={t('bo.pros.refuse')}
            question={t('bo.pros.confirmRefuse', { name })}
            consequence={t('bo.pros.consequenceRefuse')}
            onConfirm={() => {
              const ok = reason.trim().length >= 5;
              setError(ok ? undefined : t('bo.pros.reasonRequired'));
              if (ok) void onDecide(p, 'REJECTED', reason.trim());
            }}
          />
        </div>
      )}
    </li>
  );
}
