import { describe, expect, it } from 'vitest';
import { api, idTokenFor, testCloud } from '../support/cloud.ts';
import { buildingPermit } from '../support/fixtures.ts';
import { submitNewFile } from '../support/journeys.ts';

const cloud = testCloud();
const run = Date.now().toString(36);

const postForm = (url: string, fields: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

describe('paying the communal fees end to end, through the local gateway simulator', () => {
  it('approved → payment order → simulator approves → callback → PAID, quittance, reconciliation CSV, receipt PDF', async () => {
    const pro = await idTokenFor('professional');
    const desk = await idTokenFor('desk_agent');
    const treasurer = await idTokenFor('commune_treasurer');

    const { id } = await submitNewFile(pro, buildingPermit(), { tag: `pay-${run}` });
    expect(
      (await api(`/applications/${id}/admissibility`, { method: 'POST', token: desk, body: {} })).json.status,
    ).toBe('READY_FOR_DECISION');
    const approved = await api(`/applications/${id}/decision`, {
      method: 'POST',
      token: desk,
      body: { decision: 'APPROVED' },
    });
    expect(approved.json.status).toBe('AWAITING_PAYMENT');

    // The order: 220 m² individual housing at Casablanca's 25 MAD/m², plus the file fee.
    const order = await api(`/applications/${id}/payment-order`, { token: pro });
    expect(order.json).toMatchObject({ status: 'PAYABLE' });
    const construction = order.json.lines.find((l: { code: string }) => l.code.includes('CONSTRUCTION'));
    expect(construction.amountCentimes).toBe(220 * 2500);

    // The browser form for the bank (here, the simulator).
    const payment = await api('/payments', {
      method: 'POST',
      token: pro,
      body: { applicationId: id, language: 'fr' },
    });
    expect(payment.status).toBe(201);
    expect(payment.json.gatewayUrl).toBe(`${cloud.outputs.apiUrl}/simulator/cmi`);
    expect(payment.json.amountCentimes).toBe(order.json.dueCentimes);

    const page = await postForm(payment.json.gatewayUrl, payment.json.fields);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('SIMULATEUR');
    expect(html).toContain(payment.json.orderId);

    const decision = await postForm(`${cloud.outputs.apiUrl}/simulator/cmi/decision`, {
      ...payment.json.fields,
      decision: 'approve',
    });
    expect(decision.status).toBe(303);
    expect(decision.headers.get('x-simulator-merchant-answer')).toBe('ACTION=POSTAUTH');
    expect(decision.headers.get('location')).toBe(payment.json.fields.okUrl);

    const paid = await api(`/applications/${id}`, { token: pro });
    expect(paid.json.status).toBe('PAID');
    const back = await fetch(payment.json.fields.okUrl);
    expect(await back.text()).toMatch(/Q\d{5}/);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca' }).format(new Date());
    const csv = await api(`/communes/cas-casablanca/payments?date=${today}&format=csv`, { token: treasurer });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text).toContain(payment.json.orderId);
    expect(csv.text).toMatch(/CAS-CASABLANCA\/\d{4}\/Q\d{5}/);
    expect((await api(`/communes/rab-rabat/payments?date=${today}`, { token: treasurer })).status).toBe(403);

    const receipt = await fetch(`${cloud.outputs.apiUrl}/payments/${payment.json.orderId}/receipt`, {
      headers: { authorization: `Bearer ${pro}` },
    });
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await receipt.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const twice = await api('/payments', { method: 'POST', token: pro, body: { applicationId: id } });
    expect(twice.status).toBe(409);
  });
});
