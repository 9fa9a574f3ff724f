import * as z from 'zod/mini';
import { assertCanRead } from '../applications/access.ts';
import type { ApplicationRepository } from '../applications/ports.ts';
import type { Principal } from '../identity/principal.ts';
import type { MessageLog } from './ports.ts';

/**
 * Every message sent about a file, as the file lists it: who (audience, name, a masked address),
 * what (kind, subject or SMS text), when, on which channel, and whether the provider took it.
 * The address is masked: the list is read by everyone who can read the file.
 */
export const MessageRecord = /* @__PURE__ */ (() =>
  z.object({
    applicationId: z.string(),
    /** The event that caused it (its type and instant). */
    eventType: z.string(),
    eventAt: z.iso.datetime(),
    kind: z.string(),
    audience: z.enum(['professional', 'applicant', 'desk', 'agencies', 'signatories', 'province']),
    recipientName: z.string(),
    /** `ka•••@archi.ma`, `+2126•••••78`. */
    address: z.string(),
    channel: z.enum(['sms', 'email']),
    language: z.enum(['fr', 'ar']),
    /** The e-mail's subject, or the SMS text (never a name nor a credential). */
    summary: z.string(),
    /** SENT: the provider (SES, SNS) accepted it; FAILED: it refused, the stream retries. */
    status: z.enum(['SENT', 'FAILED']),
    /** The provider's error name when FAILED. */
    error: z.optional(z.string()),
    at: z.iso.datetime(),
  }))();
export type MessageRecord = z.infer<typeof MessageRecord>;

/** An address as the file's message list shows it. */
export function maskAddress(address: string): string {
  const at = address.indexOf('@');
  if (at > 0) return `${address.slice(0, Math.min(2, at))}•••${address.slice(at)}`;
  return address.length > 7 ? `${address.slice(0, 5)}•••••${address.slice(-2)}` : '•••';
}

/** The messages of a file, oldest first, for whoever may read the file. */
export async function applicationMessages(
  deps: { applications: Pick<ApplicationRepository, 'get'>; messages: MessageLog },
  principal: Principal,
  id: string,
): Promise<MessageRecord[]> {
  const app = assertCanRead(principal, await deps.applications.get(id), id);
  return deps.messages.list(app.id);
}
