import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { requestTime } from '#shared/http/clock.ts';

const event = {
  headers: { 'x-rukhsa-now': '2020-01-01T00:00:00.000Z' },
} as unknown as APIGatewayProxyEventV2;
const saved = { allowed: process.env.CLOCK_OVERRIDE_ALLOWED, stage: process.env.STAGE };

afterEach(() => {
  for (const [name, value] of [
    ['CLOCK_OVERRIDE_ALLOWED', saved.allowed],
    ['STAGE', saved.stage],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('the test clock header', () => {
  it('sets the time on the local stage', () => {
    Object.assign(process.env, { CLOCK_OVERRIDE_ALLOWED: 'true', STAGE: 'local' });
    expect(requestTime(event).toISOString()).toBe('2020-01-01T00:00:00.000Z');
  });

  it('is ignored outside the local stage, even with the override flag set by mistake', () => {
    for (const stage of ['staging', 'prod', undefined]) {
      process.env.CLOCK_OVERRIDE_ALLOWED = 'true';
      if (stage) process.env.STAGE = stage;
      else delete process.env.STAGE;
      expect(requestTime(event).getFullYear()).toBeGreaterThan(2020);
    }
  });
});
