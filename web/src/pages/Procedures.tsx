import { api, unwrap } from '../api/client.ts';
import { Loaded, Page } from '../components/ui.tsx';
import { type Key, lang, t } from '../i18n/index.ts';
import { labelled, num } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';

const FORMAT: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

/** The procedures catalogue (`GET /procedures`): documents, formats, deadlines, commission. */
export default function Procedures() {
  const l = lang.value;
  const catalogue = useResource(() => unwrap(api().GET('/procedures')), []);
  return (
    <Page title={t('procedures.title')} lead={t('procedures.lead')}>
      <Loaded resource={catalogue}>
        {(c) => {
          const agency = (code: string) => {
            const a = c.agencies.find((x) => x.code === code);
            return a ? labelled(a, l) : code;
          };
          return (
            <>
              <p class="muted">{t('procedures.version', { version: c.version })}</p>
              {c.procedures.map((p) => (
                <details class="panel procedure" key={p.code} id={p.code}>
                  <summary>
                    {labelled(p, l)} <span class="tag">{t(`family.${p.family}` as Key)}</span>
                    <span class="tag">
                      {p.deadline.smallDays === p.deadline.largeDays
                        ? t('procedures.deadlineOne', { days: num(p.deadline.smallDays, l) })
                        : t('procedures.deadlineTwo', {
                            small: num(p.deadline.smallDays, l),
                            large: num(p.deadline.largeDays, l),
                          })}
                    </span>
                  </summary>
                  <dl class="facts">
                    <dt>{t('procedures.legalBasis')}</dt>
                    <dd lang="fr" dir="ltr">
                      {p.legalBasis}
                    </dd>
                    <dt>{t('procedures.deadline')}</dt>
                    <dd>
                      {t('procedures.deadlineDetail', {
                        small: num(p.deadline.smallDays, l),
                        large: num(p.deadline.largeDays, l),
                        calendar: t(
                          p.deadline.calendar === 'working' ? 'procedures.working' : 'procedures.calendar',
                        ),
                      })}{' '}
                      {p.deadline.silenceIsConsent && t('procedures.silence')}
                    </dd>
                    <dt>{t('procedures.large')}</dt>
                    <dd>
                      {'always' in p.size
                        ? t(p.size.always === 'large' ? 'procedures.alwaysLarge' : 'procedures.alwaysSmall')
                        : t('procedures.largeIf', {
                            area: num(p.size.largeIfFloorAreaOverM2, l),
                            floors: num(p.size.largeIfFloorsOver, l),
                            units: num(p.size.largeIfUnitsOver, l),
                          })}
                    </dd>
                    <dt>{t('procedures.steps')}</dt>
                    <dd>
                      {p.deadline.steps.large
                        .map(
                          (s) => `${t(`step.${s.step}` as Key)} (${t('common.days', { n: num(s.days, l) })})`,
                        )
                        .join(l === 'ar' ? ' ← ' : ' → ')}
                    </dd>
                    <dt>{t('procedures.commission')}</dt>
                    <dd>
                      {t(`commission.${p.commission.when}` as Key)}
                      {p.commission.when !== 'never' && p.commission.agencies.length > 0 && (
                        <ul>
                          {p.commission.agencies.map((a) => (
                            <li key={a}>
                              {agency(a)}
                              {p.commission.binding.includes(a) && (
                                <>
                                  {' '}
                                  <span class="tag">{t('procedures.binding')}</span>
                                </>
                              )}
                            </li>
                          ))}
                        </ul>
                      )}
                    </dd>
                    <dt>{t('procedures.projectFields')}</dt>
                    <dd>{p.requiredProjectFields.map((f) => t(`project.${f}` as Key)).join(' · ') || '—'}</dd>
                  </dl>
                  <div class="table-wrap">
                    <table>
                      <caption>{t('procedures.documents')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('procedures.document')}</th>
                          <th scope="col">{t('procedures.mandatory')}</th>
                          <th scope="col">{t('procedures.formats')}</th>
                          <th scope="col" class="num">
                            {t('procedures.maxSize')}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {p.documents.map((d) => (
                          <tr key={d.code}>
                            <td>{labelled(d, l)}</td>
                            <td>
                              {d.mandatory === true
                                ? t('common.yes')
                                : d.mandatory === 'large'
                                  ? t('procedures.mandatoryLarge')
                                  : t('common.no')}
                            </td>
                            <td>{d.formats.map((f) => FORMAT[f] ?? f).join(', ')}</td>
                            <td class="num">{t('procedures.mb', { n: num(d.maxSizeMb, l) })}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </details>
              ))}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
