import { api, unwrap } from '../api/client.ts';
import { BarChart, Loaded, Page } from '../components/ui.tsx';
import { lang, t } from '../i18n/index.ts';
import { date, dateTime, named, num } from '../lib/format.ts';
import { useResource } from '../lib/resource.ts';
import { href } from '../routes.ts';

/** Home: the live national figures (`GET /stats`) and the rollout by region. */
export default function Home() {
  const l = lang.value;
  const stats = useResource(() => unwrap(api().GET('/stats')), []);
  return (
    <Page title={t('home.title')} lead={t('home.lead')}>
      <ul class="cards" aria-label={t('home.shortcuts')}>
        <li class="card">
          <a href={href('verifyForm', l)}>{t('home.verifyLink')}</a>
          <p class="muted">{t('home.verifyHint')}</p>
        </li>
        <li class="card">
          <a href={href('tracking', l)}>{t('home.trackingLink')}</a>
          <p class="muted">{t('home.trackingHint')}</p>
        </li>
        <li class="card">
          <a href={href('simulator', l)}>{t('home.simulatorLink')}</a>
          <p class="muted">{t('home.simulatorHint')}</p>
        </li>
        <li class="card">
          <a href={href('register', l)}>{t('home.registerLink')}</a>
          <p class="muted">{t('home.registerHint')}</p>
        </li>
      </ul>
      <h2>{t('home.figures')}</h2>
      <Loaded resource={stats}>
        {(s) => {
          const maxLive = Math.max(1, ...s.communesLive.byRegion.map((r) => r.live));
          return (
            <>
              <p class="muted">{t('home.asOf', { when: dateTime(s.generatedAt, l) })}</p>
              <div class="cards">
                <div class="card">
                  <span class="figure" data-figure="communes-live">
                    {num(s.communesLive.total, l)}
                  </span>
                  {t('home.communesLive')}
                </div>
                <div class="card">
                  <span class="figure" data-figure="professionals">
                    {num(s.professionals.total, l)}
                  </span>
                  {t('home.professionals')}
                </div>
                <div class="card">
                  <span class="figure" data-figure="civil-servants">
                    {num(s.civilServants.total, l)}
                  </span>
                  {t('home.civilServants')}
                </div>
                <div class="card">
                  <span class="figure" data-figure="received">
                    {num(s.applications.received, l)}
                  </span>
                  {t('home.received', { from: date(s.applications.from, l), to: date(s.applications.to, l) })}
                </div>
                <div class="card">
                  <span class="figure" data-figure="decided">
                    {num(s.applications.decided, l)}
                  </span>
                  {t('home.decided')}
                </div>
              </div>
              <BarChart
                caption={t('home.chartCaption')}
                categories={s.applications.days.map((d) => date(d.date, l, 'short'))}
                series={[
                  {
                    label: t('home.seriesReceived'),
                    values: s.applications.days.map((d) => d.received),
                    className: 'received',
                  },
                  {
                    label: t('home.seriesDecided'),
                    values: s.applications.days.map((d) => d.decided),
                    className: 'decided',
                  },
                ]}
              />
              <h2>{t('home.rollout')}</h2>
              <p class="muted">{t('home.rolloutHint')}</p>
              <div class="table-wrap">
                <table data-testid="rollout">
                  <caption class="visually-hidden">{t('home.rollout')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('common.region')}</th>
                      <th scope="col" class="num">
                        {t('home.communesLive')}
                      </th>
                      <th scope="col">
                        <span class="visually-hidden">{t('home.share')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.communesLive.byRegion.map((r) => (
                      <tr key={r.regionId}>
                        <th scope="row">{named(r, l)}</th>
                        <td class="num">{num(r.live, l)}</td>
                        <td>
                          <span class="progress" aria-hidden="true">
                            <span
                              ref={(el) => {
                                if (el) el.style.inlineSize = `${(100 * r.live) / maxLive}%`;
                              }}
                            />
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
