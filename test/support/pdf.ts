/**
 * Reading our PDFs back as an independent reader would: pdf.js (Mozilla's, the legacy build for
 * Node) extracts the text items and renders pages through @napi-rs/canvas. The PNGs go beside the
 * browser tests' screenshots (`.local/screenshots/documents/`, git-ignored) for a person to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import jsQRModule from 'jsqr';
import { getDocument, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { LOCAL_DIR } from '../../scripts/local-cloud/paths.ts';

export const DOCUMENT_SCREENSHOTS = path.join(LOCAL_DIR, 'screenshots', 'documents');

// jsqr is a UMD bundle whose module.exports is the function itself; its types declare a default.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

type RenderParameters = Parameters<PDFPageProxy['render']>[0];

async function open(bytes: Uint8Array) {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 });
  return { doc: await task.promise, close: () => task.destroy() };
}

/** Every text item pdf.js extracts, page after page, in its (logical) string form. */
export async function pdfTextItems(bytes: Uint8Array): Promise<string[]> {
  const { doc, close } = await open(bytes);
  const items: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    for (const item of content.items) if ('str' in item && item.str.trim() !== '') items.push(item.str);
  }
  await close();
  return items;
}

async function renderPage(bytes: Uint8Array, pageNumber: number, scale: number) {
  const { doc, close } = await open(bytes);
  const page = await doc.getPage(pageNumber);
  const viewport = page.getViewport({ scale });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  await page.render({
    canvas: canvas as unknown as RenderParameters['canvas'],
    canvasContext: canvas.getContext('2d') as unknown as RenderParameters['canvasContext'],
    viewport,
  }).promise;
  await close();
  return canvas;
}

/** Renders page `pageNumber` to `<DOCUMENT_SCREENSHOTS>/<name>.png` at 2× and returns the path. */
export async function savePagePng(bytes: Uint8Array, name: string, pageNumber = 1): Promise<string> {
  const canvas = await renderPage(bytes, pageNumber, 2);
  mkdirSync(DOCUMENT_SCREENSHOTS, { recursive: true });
  const file = path.join(DOCUMENT_SCREENSHOTS, `${name}.png`);
  writeFileSync(file, canvas.toBuffer('image/png'));
  return file;
}

/**
 * The text of the QR code a camera would find on page `pageNumber`, read from the rendered
 * image (jsQR, a pure-JS decoder), or undefined when none can be read. 150 dpi, a phone's view.
 */
export async function readPageQr(bytes: Uint8Array, pageNumber = 1): Promise<string | undefined> {
  const canvas = await renderPage(bytes, pageNumber, 150 / 72);
  const image = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}
