import { describe, expect, it } from 'vitest';
import { api, idTokenFor, testCloud } from '../support/cloud.ts';
import { RANKING_RUN_WAIT_MS, waitFor } from '../support/journeys.ts';

const cloud = testCloud();

describe('ranking through the HTTP API', () => {
  it('serves the methodology publicly, and refuses a run to anyone but a ministry administrator', async () => {
    const methodology = await api('/rankings/methodology');
    expect(methodology.status).toBe(200);
    expect(methodology.json).toMatchObject({ version: '2026.1', basis: 'rolling12' });
    expect((await api('/rankings/runs', { method: 'POST', body: { period: '2024-11' } })).status).toBe(401);
    const desk = await api('/rankings/runs', {
      method: 'POST',
      token: await idTokenFor('desk_agent'),
      body: { period: '2024-11' },
    });
    expect(desk.status).toBe(403);
  });

  it('queues an administrator’s run, which the deployed job publishes, then serves it by period, group and commune', async () => {
    const queued = await api('/rankings/runs', {
      method: 'POST',
      token: await idTokenFor('ministry_admin'),
      body: { period: '2024-11' },
    });
    expect(queued.status).toBe(202);
    expect(queued.json).toEqual({ period: '2024-11', status: 'final', asOf: '2024-11-30', state: 'queued' });
    const ranking = await waitFor(
      'the ranking of 2024-11',
      async () => {
        const reply = await api('/rankings?period=2024-11');
        return reply.status === 200 ? reply : undefined;
      },
      RANKING_RUN_WAIT_MS,
    );
    expect(ranking.json).toMatchObject({ period: '2024-11', status: 'final', methodologyVersion: '2026.1' });
    expect(ranking.json.communes).toBeGreaterThanOrEqual(cloud.reference.communes);
    const rural = await api('/rankings?period=2024-11&group=rural');
    expect(rural.json.items.length).toBeGreaterThan(0);
    expect(rural.json.items.every((r: { peerGroup: string }) => r.peerGroup === 'rural')).toBe(true);
    const history = await api('/rankings/communes/cas-casablanca');
    expect(history.status).toBe(200);
    expect(history.json.items.map((r: { period: string }) => r.period)).toContain('2024-11');
  }, 300_000); // RANKING_RUN_WAIT_MS and the calls around it
});
