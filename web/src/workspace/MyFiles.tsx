import { useState } from 'preact/hooks';
import { api, unwrap } from '../api/client.ts';
import { FilterSelect, SearchField } from '../components/filters.tsx';
import { Loaded } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { daysUsed } from '../lib/days.ts';
import { date, labelled, named } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { href } from '../paths.ts';
import { bearer } from './auth.ts';
import {
  type Application,
  applicantLabel,
  isFiler,
  listClock,
  matches,
  STATUSES,
  waitingOnMe,
} from './model.ts';

const MAX_PAGES = 10;

/** Every file I filed (professional) or follow (applicant), newest first, with the communes' names. */
async function loadFiles() {
  const headers = await bearer();
  const items: Application[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await unwrap(
      api().GET('/applications', {
        params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
        headers,
      }),
    );
    items.push(...(page.items as Application[]));
    cursor = page.nextCursor ?? undefined;
    if (!cursor) break;
  }
  const catalogue = await unwrap(api().GET('/procedures'));
  const procedures = new Map(catalogue.procedures.map((p) => [p.code as string, p]));
  const provinces = [...new Set(items.map((a) => a.provinceId))];
  const communes = new Map<string, { nameFr: string; nameAr: string }>();
  await Promise.all(
    provinces.map(async (provinceId) => {
      const list = await unwrap(
        api().GET('/geo/provinces/{provinceId}/communes', { params: { path: { provinceId } } }),
      ).catch(() => undefined);
      for (const c of list?.communes ?? []) communes.set(c.id, c);
    }),
  );
  return { items, communes, procedures };
}

type Filter = 'all' | 'mine' | Application['status'];

/** "My files": status, receipt number, the legal clock, what waits on me; filters and search. */
export function MyFiles({ roles }: { roles: readonly string[] }) {
  const l = lang.value;
  const [filter, setFilter] = useState<Filter>('all');
  const [q, setQ] = useState('');
  const files = useResource(loadFiles, []);
  const pro = isFiler(roles);
  return (
    <section aria-labelledby="files-title" class="files">
      <h2 id="files-title">{t('files.title')}</h2>
      {pro && (
        <p>
          <a class="button" href={href('newFile', l)}>
            {t('files.new')}
          </a>
        </p>
      )}
      <Loaded resource={files}>
        {({ items, communes, procedures }) => {
          const communeName = (id: string) => {
            const c = communes.get(id);
            return c ? named(c, l) : id;
          };
          const procedureName = (code: string) => {
            const p = procedures.get(code);
            return p ? labelled(p, l) : code;
          };
          const shown = items.filter(
            (a) =>
              (filter === 'all' ||
                (filter === 'mine' ? waitingOnMe(a, roles) !== undefined : a.status === filter)) &&
              matches(a, q, communeName(a.communeId)),
          );
          const present = STATUSES.filter((s) => items.some((a) => a.status === s));
          return (
            <>
              <search class="filters">
                <FilterSelect<Filter>
                  id="f-files-status"
                  label={t('files.filter')}
                  value={filter}
                  choices={[
                    { value: 'all', label: t('files.all', { n: items.length }) },
                    { value: 'mine', label: t('files.waitingOnMe') },
                    ...present.map((s) => ({ value: s, label: t(`status.${s}` as Key) })),
                  ]}
                  onChange={setFilter}
                />
                <SearchField
                  id="f-files-search"
                  label={t('files.search')}
                  hint={t('files.searchHint')}
                  value={q}
                  onInput={setQ}
                />
              </search>
              <p role="status" class="muted">
                {t('files.count', { n: shown.length, total: items.length })}
              </p>
              {items.length === 0 ? (
                <p>{pro ? t('files.emptyPro') : t('files.emptyApplicant')}</p>
              ) : (
                <div class="table-wrap">
                  <table class="files-table">
                    <caption class="visually-hidden">{t('files.title')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('files.file')}</th>
                        <th scope="col">{t('files.status')}</th>
                        <th scope="col">{t('files.clock')}</th>
                        <th scope="col">{t('files.todo')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.map((a) => {
                        const clock = listClock(
                          a,
                          undefined,
                          procedures.get(a.procedureCode)?.deadline.calendar,
                        );
                        const todo = waitingOnMe(a, roles);
                        return (
                          <tr key={a.id} data-file={a.id} data-status={a.status}>
                            <th scope="row">
                              <a href={href('file', l, { id: a.id })}>
                                {a.receiptNumber ? (
                                  <bdi dir="ltr">{a.receiptNumber}</bdi>
                                ) : (
                                  t('files.draftNoReceipt')
                                )}
                              </a>
                              <div class="muted">
                                {procedureName(a.procedureCode)} · {communeName(a.communeId)} ·{' '}
                                {applicantLabel(a.applicant)}
                              </div>
                            </th>
                            <td>
                              <span class={`badge status-${a.status}`}>{t(`status.${a.status}` as Key)}</span>
                            </td>
                            <td>
                              {clock ? (
                                <>
                                  {daysUsed(clock.used, clock.allowed, clock.dayCount, l)}
                                  {clock.paused && <div class="muted">{t('clock.paused')}</div>}
                                  {clock.overdue && <div class="error-text">{t('clock.overdue')}</div>}
                                  {a.deadlineDate && (
                                    <div class="muted">
                                      {t('clock.deadline', { date: date(a.deadlineDate, l) })}
                                    </div>
                                  )}
                                </>
                              ) : (
                                '—'
                              )}
                            </td>
                            <td>{todo ? <strong>{t(`todo.${todo}` as Key)}</strong> : t('todo.none')}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
