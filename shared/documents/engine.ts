/**
 * The PDF engine: everything that needs pdf-lib, fontkit, qrcode and the fonts (~1.9 MB once bundled,
 * most of it the fonts and fontkit's decoders, which fontkit sets up at import). A function that
 * draws or signs PDFs carries it as a module of its own beside the handler (`pdf.mjs`, built by the
 * function construct for routes that declare `renders: 'pdf'`), loaded by load-engine.ts the first
 * time a PDF is drawn: its cold start, and every request that fails before drawing (not found, not
 * allowed), never parse it.
 */
export { addSignaturePlaceholder, embedSignature } from '../domain/signing/pki/pades.ts';
export { BilingualWriter } from './bilingual.ts';
