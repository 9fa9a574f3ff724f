/**
 * Headless Chromium for the browser tests and the web benchmark: the build shipped inside the npm
 * package @sparticuz/chromium (no apt step, no download at run time), launched by playwright-core.
 * Its default flags are made for Lambda; three are dropped because they would hide what a citizen's
 * browser enforces or crash on a second context: `--disable-web-security` (CORS and CSP off),
 * `--allow-running-insecure-content`, and `--single-process`. Its GPU emulation (WebGL through
 * SwiftShader) is dropped too, for `--disable-gpu`: the portal draws no WebGL, and compositing in
 * software took a quarter less of Chromium's CPU in the browser tests (56.8 → 43.3 s for two files).
 */
import sparticuz from '@sparticuz/chromium';
import { type Browser, chromium } from 'playwright-core';

const DROPPED = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--single-process',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--in-process-gpu',
  '--ignore-gpu-blocklist',
]);

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await sparticuz.executablePath(),
    args: [...sparticuz.args.filter((arg) => !DROPPED.has(arg)), '--disable-gpu'],
    headless: true,
  });
}
