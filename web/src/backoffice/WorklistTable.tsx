import { type Key, lang, t } from '../i18n/index.ts';
import { date, labelled } from '../lib/format.ts';
import { href } from '../paths.ts';
import { type Application, applicantLabel, type Procedure } from '../workspace/model.ts';

/** A back-office worklist's rows: the file (link), procedure, applicant, parcel, status, deadline. */
export function WorklistTable({
  items,
  procedures,
  caption,
}: {
  items: Application[];
  procedures: Map<string, Procedure>;
  caption: string;
}) {
  const l = lang.value;
  return (
    <div class="table-wrap">
      <table class="files-table" data-testid="worklist">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('files.file')}</th>
            <th scope="col">{t('wizard.applicant')}</th>
            <th scope="col">{t('files.status')}</th>
            <th scope="col">{t('bo.deadline')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => {
            const p = procedures.get(a.procedureCode);
            return (
              <tr key={a.id} data-file={a.id} data-status={a.status}>
                <th scope="row">
                  <a href={href('file', l, { id: a.id })}>
                    <bdi dir="ltr">{a.receiptNumber ?? a.id}</bdi>
                  </a>
                  <div class="muted">
                    {p ? labelled(p, l) : a.procedureCode} · <bdi>{a.parcel.landTitle}</bdi>
                  </div>
                </th>
                <td>{applicantLabel(a.applicant)}</td>
                <td>
                  <span class={`badge status-${a.status}`}>{t(`status.${a.status}` as Key)}</span>
                </td>
                <td>
                  {a.deadlineDate ? date(a.deadlineDate, l) : '—'}
                  {a.overdue && <div class="error-text">{t('clock.overdue')}</div>}
                  {a.status === 'RETURNED_FOR_COMPLETION' && <div class="muted">{t('clock.paused')}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
