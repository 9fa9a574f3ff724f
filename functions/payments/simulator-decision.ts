/**
 * LOCAL STAGE ONLY: the simulated bank decides, calls the platform back server-to-server with a
 * correctly signed payload (as CMI does), then sends the browser to okUrl or failUrl.
 */
import { randomBytes } from 'node:crypto';
import { DomainError } from '#shared/domain/errors.ts';
import { TREASURY } from '#shared/domain/payments/beneficiaries.ts';
import { cmiHash } from '#shared/domain/payments/cmi.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { gatewayConfig, gatewaySecrets } from '../wiring/gateway.ts';
import { payments } from '../wiring/table.ts';
import { simulatorDecisionRoute } from './routes.ts';

export const handler = httpHandler(simulatorDecisionRoute, async ({ body }) => {
  const { decision, hash, HASH, ...fields } = body;
  if (!fields.callbackUrl?.startsWith(gatewayConfig().apiUrl)) {
    throw new DomainError({
      type: 'foreign-callback',
      kind: 'unprocessable',
      title: 'Bad callback',
      detail: 'The simulator only calls this platform back.',
    });
  }
  const approved = decision === 'approve';
  const callback: Record<string, string> = {
    ...fields,
    ProcReturnCode: approved ? '00' : '05',
    Response: approved ? 'Approved' : 'Declined',
    TransId: `SIM${randomBytes(6).toString('hex').toUpperCase()}`,
    AuthCode: approved ? randomBytes(3).toString('hex').toUpperCase() : '',
    maskedCreditCard: '4000 00** **** 0002',
    mdStatus: '1',
  };
  // Like the bank, the simulator signs with the store key of the merchant account the order went to.
  const attempt = fields.oid ? await payments().attempt(fields.oid) : undefined;
  const merchant = await gatewaySecrets().merchant(attempt?.beneficiary ?? TREASURY);
  callback.HASH = cmiHash(callback, merchant.storeKey);
  const response = await fetch(fields.callbackUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(callback).toString(),
  });
  const answer = (await response.text()).trim();
  const target = approved && answer === 'ACTION=POSTAUTH' ? fields.okUrl : fields.failUrl;
  return {
    status: 303,
    body: `Simulated bank: ${approved ? 'approved' : 'declined'}; merchant answered ${answer}.`,
    headers: { location: target ?? '/', 'x-simulator-merchant-answer': answer },
  };
});
