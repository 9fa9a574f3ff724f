import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { VENV_DIR } from './paths.ts';

/**
 * The emulator, what its KMS needs for ECC signing, and schemathesis (the API contract test,
 * test/e2e/contract.test.ts), pinned: a new version is a reviewed change.
 */
export const PYTHON_REQUIREMENTS = ['ministack==1.5.33', 'cryptography==50.0.2', 'schemathesis==4.32.5'];
const MARKER = path.join(VENV_DIR, '.rukhsa-requirements');

export const venvPython = () => path.join(VENV_DIR, 'bin', 'python');

function findPython(): string {
  for (const candidate of [process.env.PYTHON, 'python3', 'python'].filter(Boolean) as string[]) {
    try {
      const version = execFileSync(candidate, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
        encoding: 'utf8',
      }).trim();
      const [major = 0, minor = 0] = version.split('.').map(Number);
      if (major === 3 && minor >= 10) return candidate;
      console.error(`  ${candidate} is Python ${version}; the local cloud needs Python >= 3.10.`);
    } catch {
      // not installed under this name
    }
  }
  throw new Error(
    'Python >= 3.10 is required for the local cloud (MiniStack). Install it (e.g. `apt-get install python3 python3-venv`) or set PYTHON=/path/to/python3.',
  );
}

/** Creates `.venv` and installs the pinned emulator once; later runs only compare the pin list. */
export function ensureVenv(log: (line: string) => void = console.log): void {
  const wanted = PYTHON_REQUIREMENTS.join('\n');
  if (existsSync(venvPython()) && existsSync(MARKER) && readFileSync(MARKER, 'utf8') === wanted) return;
  const python = findPython();
  if (!existsSync(venvPython())) {
    log(
      `Creating the Python venv for the local cloud in ${path.relative(process.cwd(), VENV_DIR) || '.venv'} …`,
    );
    execFileSync(python, ['-m', 'venv', VENV_DIR], { stdio: 'inherit' });
  }
  log(`Installing ${PYTHON_REQUIREMENTS.join(', ')} from PyPI …`);
  execFileSync(
    venvPython(),
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...PYTHON_REQUIREMENTS],
    {
      stdio: 'inherit',
    },
  );
  writeFileSync(MARKER, wanted);
}
