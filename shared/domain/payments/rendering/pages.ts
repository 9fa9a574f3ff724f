import { escapeHtml, type Language } from '../../notifications/rendering.ts';
import { formatMad } from '../tariffs.ts';

/**
 * Self-contained HTML pages of the payment flow, as pure strings: every interpolated value is
 * HTML-escaped, styles are inline, nothing is loaded from elsewhere, and search engines are told
 * not to index them.
 *
 * - `paymentStatusPage`: what the browser shows when the bank sends it back to okUrl / failUrl.
 *   It only DISPLAYS the status the server recorded from the bank's server-to-server callback;
 *   reaching okUrl proves nothing, so the page never says more than the server knows.
 * - `simulatorPage`: the local CMI simulator, which stands in for the bank's hosted payment page
 *   in development and tests. It must never be mistaken for a real payment page.
 */

export type PaymentStatus = 'PENDING' | 'APPROVED' | 'DECLINED' | 'UNKNOWN';

export interface PaymentStatusView {
  orderId: string;
  status: PaymentStatus;
  amountCentimes?: number;
  applicationReceiptNumber?: string;
  /** The payment receipt (quittance) number, once the payment is approved. */
  receiptNumber?: string;
  language: Language;
}

export interface SimulatorView {
  /** The fields the platform would post to CMI (oid, amount, okUrl, hash…), echoed back as-is. */
  gatewayFields: Record<string, string>;
  amountCentimes: number;
  /** Where the simulator's approve / decline forms are posted (absolute http(s) URL or `/path`). */
  decisionUrl: string;
}

const STYLE = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;padding:24px;background:#f5f5f5;color:#1a1a1a;line-height:1.5}',
  'main{max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.15)}',
  'h1{font-size:1.4rem;margin:0 0 12px}',
  'table{border-collapse:collapse;width:100%;margin:16px 0}',
  'th,td{padding:6px 8px;border-bottom:1px solid #e0e0e0;text-align:start;vertical-align:top}',
  '.note{font-size:.9rem;color:#555}',
  '.APPROVED{color:#1b5e20}.DECLINED{color:#b71c1c}.PENDING{color:#8a5a00}.UNKNOWN{color:#444}',
].join('');

function htmlDocument(lang: Language, title: string, body: string, extraStyle = ''): string {
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}" dir="${dir}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}${extraStyle}</style>`,
    '</head>',
    `<body>${body}</body>`,
    '</html>',
  ].join('\n');
}

interface StatusTexts {
  title: string;
  heading: Record<PaymentStatus, string>;
  explanation: Record<PaymentStatus, string>;
  orderId: string;
  amount: string;
  applicationReceiptNumber: string;
  receiptNumber: string;
  authority: string;
}

const STATUS_TEXTS: Record<Language, StatusTexts> = {
  fr: {
    title: 'Rukhsa — état du paiement',
    heading: {
      APPROVED: 'Paiement accepté',
      PENDING: 'Paiement en attente de confirmation',
      DECLINED: 'Paiement refusé',
      UNKNOWN: 'État du paiement inconnu',
    },
    explanation: {
      APPROVED:
        'La banque a confirmé ce paiement. La quittance est disponible dans votre demande sur Rukhsa.',
      PENDING:
        'La confirmation de la banque n’est pas encore parvenue ; elle peut prendre une minute. Consultez votre demande sur Rukhsa dans quelques instants. Ne payez pas une seconde fois.',
      DECLINED:
        'La banque n’a pas accepté ce paiement. Vous pouvez réessayer depuis votre demande sur Rukhsa.',
      UNKNOWN:
        'Aucune confirmation de la banque n’a été enregistrée pour ce paiement. Si votre carte a été débitée, contactez la commune en indiquant la référence du paiement.',
    },
    orderId: 'Référence du paiement',
    amount: 'Montant',
    applicationReceiptNumber: 'N° de récépissé de la demande',
    receiptNumber: 'N° de quittance',
    authority:
      'Cette page affiche l’état enregistré par Rukhsa. Seule la confirmation transmise directement par la banque (CMI) au serveur fait foi : revenir sur cette page ne valide ni n’annule un paiement.',
  },
  ar: {
    title: 'رخصة — حالة الأداء',
    heading: {
      APPROVED: 'تم قبول الأداء',
      PENDING: 'الأداء في انتظار التأكيد',
      DECLINED: 'تم رفض الأداء',
      UNKNOWN: 'حالة الأداء غير معروفة',
    },
    explanation: {
      APPROVED: 'أكد البنك هذا الأداء. وصل الأداء متاح في طلبكم على منصة رخصة.',
      PENDING:
        'لم يصل تأكيد البنك بعد، وقد يستغرق ذلك دقيقة واحدة. يرجى الاطلاع على طلبكم على منصة رخصة بعد لحظات. لا تقوموا بالأداء مرة ثانية.',
      DECLINED: 'لم يقبل البنك هذا الأداء. يمكنكم إعادة المحاولة انطلاقا من طلبكم على منصة رخصة.',
      UNKNOWN:
        'لم يتم تسجيل أي تأكيد من البنك لهذا الأداء. إذا تم اقتطاع المبلغ من بطاقتكم، يرجى الاتصال بالجماعة مع ذكر مرجع الأداء.',
    },
    orderId: 'مرجع الأداء',
    amount: 'المبلغ',
    applicationReceiptNumber: 'رقم وصل إيداع الطلب',
    receiptNumber: 'رقم وصل الأداء',
    authority:
      'تعرض هذه الصفحة الحالة المسجلة لدى منصة رخصة. وحده التأكيد الذي يرسله البنك (CMI) مباشرة إلى الخادم هو المعتمد: الرجوع إلى هذه الصفحة لا يؤكد الأداء ولا يلغيه.',
  },
};

/** A table row; the value (identifier or amount) stays left-to-right inside Arabic text. */
const row = (label: string, value: string): string =>
  `<tr><th scope="row">${escapeHtml(label)}</th><td><bdi dir="ltr">${escapeHtml(value)}</bdi></td></tr>`;

/** The page shown on the okUrl / failUrl redirect: the server-recorded status, nothing more. */
export function paymentStatusPage(view: PaymentStatusView): string {
  const t = STATUS_TEXTS[view.language];
  const rows = [row(t.orderId, view.orderId)];
  if (view.amountCentimes !== undefined) rows.push(row(t.amount, formatMad(view.amountCentimes)));
  if (view.applicationReceiptNumber)
    rows.push(row(t.applicationReceiptNumber, view.applicationReceiptNumber));
  if (view.receiptNumber) rows.push(row(t.receiptNumber, view.receiptNumber));
  const body = [
    '<main>',
    `<h1 class="${view.status}">${escapeHtml(t.heading[view.status])}</h1>`,
    `<p role="status">${escapeHtml(t.explanation[view.status])}</p>`,
    `<table>${rows.join('')}</table>`,
    `<p class="note">${escapeHtml(t.authority)}</p>`,
    '</main>',
  ].join('\n');
  return htmlDocument(view.language, t.title, body);
}

/** Only a same-origin path or an http(s) URL may be a form action (`javascript:` survives escaping). */
function safeAction(url: string): string {
  if (url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\')) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Simulator: decisionUrl is not a valid URL: '${url}'`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`Simulator: decisionUrl must be http(s) or a path: '${url}'`);
  }
  return url;
}

export const SIMULATOR_BANNER = 'SIMULATEUR — aucun paiement réel / محاكي — لا يوجد أداء حقيقي';

const SIMULATOR_STYLE = [
  '.banner{background:#c62828;color:#fff;font-size:1.5rem;font-weight:700;text-align:center;padding:20px;margin:-24px -24px 24px;border:6px dashed #fff;outline:6px solid #c62828}',
  '.actions{display:flex;gap:16px;flex-wrap:wrap}',
  'form{margin:0}',
  'button{font-size:1.1rem;padding:12px 28px;border:0;border-radius:6px;color:#fff;cursor:pointer}',
  '.approve{background:#2e7d32}.decline{background:#c62828}',
].join('');

/**
 * The local CMI simulator page: shows the amount and order id, and posts every gateway field back
 * to `decisionUrl` with `decision=approve` or `decision=decline`.
 */
export function simulatorPage(view: SimulatorView): string {
  if (Object.hasOwn(view.gatewayFields, 'decision')) {
    throw new Error('Simulator: a gateway field is named "decision", which the simulator form reserves');
  }
  const action = escapeHtml(safeAction(view.decisionUrl));
  const hidden = Object.entries(view.gatewayFields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const form = (decision: 'approve' | 'decline', label: string): string =>
    [
      `<form method="post" action="${action}">`,
      hidden,
      `<input type="hidden" name="decision" value="${decision}">`,
      `<button type="submit" class="${decision}">${escapeHtml(label)}</button>`,
      '</form>',
    ].join('\n');
  const orderId = view.gatewayFields.oid ?? '';
  const body = [
    '<main>',
    `<div class="banner" role="alert">${escapeHtml(SIMULATOR_BANNER)}</div>`,
    '<h1>Simulateur de paiement CMI</h1>',
    '<p class="note">Page de test locale : aucune carte n’est débitée et aucune banque n’est contactée.</p>',
    `<table>${row('Montant', formatMad(view.amountCentimes))}${row('N° de commande', orderId)}</table>`,
    `<div class="actions">${form('approve', 'Approuver')}\n${form('decline', 'Refuser')}</div>`,
    '</main>',
  ].join('\n');
  return htmlDocument('fr', 'Simulateur CMI — aucun paiement réel', body, SIMULATOR_STYLE);
}
