import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ar } from '../../web/src/i18n/ar.ts';
import { fr } from '../../web/src/i18n/fr.ts';
import { api, idTokenFor, testCloud } from '../support/cloud.ts';
import { givenPaidApplication, waitFor } from '../support/journeys.ts';
import {
  errorsOf,
  expectAccessible,
  LANGS,
  type Lang,
  openPage,
  screenshot,
  testWeb,
} from './support/browser.ts';

/**
 * The file page lists every message sent about the file (issue 18): to whom, what, when, on which
 * channel and whether it was delivered, in French and in Arabic, with the recipients' addresses masked.
 */
const dict = { fr, ar };

describe.each(LANGS)('the messages of a file on its page (%s)', (lang: Lang) => {
  const t = dict[lang];

  it('shows the messages of a paid file, the desk’s and the signatory’s included, addresses masked', async () => {
    const id = await givenPaidApplication(`msg-${lang}-${randomUUID().slice(0, 8)}`);
    const token = await idTokenFor('professional');
    // The notifier works from the table's stream: wait until the last step's messages are stored.
    const listed = await waitFor('the payment’s messages', async () => {
      const messages = (await api(`/applications/${id}/messages`, { token })).json.messages as {
        kind: string;
      }[];
      return messages.some((m) => m.kind === 'AWAITING_SIGNATURE') ? messages : undefined;
    });

    const demo = testCloud().users.find((u) => u.role === 'professional');
    if (!demo) throw new Error('no demo professional');
    const page = await openPage(lang, '/connexion');
    await page.locator('#f-username').waitFor();
    await page.fill('#f-username', demo.username);
    await page.fill('#f-password', demo.password);
    await page.getByRole('button', { name: t['auth.signIn'], exact: true }).click();
    await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(/\/espace$/);
    await page.goto(`${testWeb().url}/${lang}/espace/dossiers/${id}`);
    const table = page.locator('[data-testid="messages"]');
    await table.waitFor({ timeout: 20_000 });

    expect(await page.locator('#messages-title').textContent()).toBe(t['messages.title']);
    // Every message stored when the page loaded: the notifier may still be adding the payment's.
    const shown = await table.locator('tbody tr').count();
    const stored = (await api(`/applications/${id}/messages`, { token })).json.messages.length as number;
    expect(shown).toBeGreaterThanOrEqual(listed.length);
    expect(shown).toBeLessThanOrEqual(stored);
    const signatory = table.locator('tr[data-kind="AWAITING_SIGNATURE"]').first();
    expect(await signatory.textContent()).toContain(t['audience.signatories']);
    const desk = table.locator('tr[data-kind="APPLICATION_RECEIVED"]').first();
    expect(await desk.textContent()).toContain(t['audience.desk']);
    expect(await desk.textContent()).toContain(t['channel.email']);
    expect(await desk.textContent()).toContain(t['messageStatus.SENT']);
    expect(await desk.textContent()).toContain('•••@');
    const sms = table.locator('tr[data-kind="PAYMENT_RECEIVED"]', { hasText: t['channel.sms'] }).first();
    expect(await sms.count()).toBe(1);
    expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    await expectAccessible(page);
    await screenshot(page, 'file-messages', lang);
    expect(errorsOf(page)).toEqual([]);
  }, 240_000);
});
