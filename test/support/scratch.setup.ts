/**
 * Global setup of the unit and infra projects: one scratch folder for the run, given to the test
 * workers as their temporary directory (TMPDIR, which `os.tmpdir()` reads), and removed at the end.
 * Synthesized assemblies (~26 MB each), key pairs and PDFs written by the tests go there, so a run
 * leaves nothing behind in the machine's /tmp even where a test forgets to clean up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export default function setup() {
  const previous = process.env.TMPDIR;
  const scratch = mkdtempSync(path.join(tmpdir(), 'rukhsa-tests-'));
  process.env.TMPDIR = scratch;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(scratch, { recursive: true, force: true });
  };
}
