import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { VENV_DIR } from './paths.ts';

/**
 * The Python packages, pinned (a new version is a reviewed change), in two sets: the emulator and
 * what its KMS needs for ECC signing, which the local cloud needs to start; schemathesis, which only
 * the API contract test (test/e2e/contract.test.ts) needs, so `npm test` installs it while the
 * emulator boots (the three together resolve to the same packages as one set after the other).
 */
export const PYTHON_PACKAGES = {
  emulator: ['ministack==1.5.33', 'cryptography==50.0.2'],
  contract: ['schemathesis==4.32.5'],
} as const;
type PackageSet = keyof typeof PYTHON_PACKAGES;
/** What was installed of a set, written after pip succeeds: compared with the pins on the next run. */
const marker = (set: PackageSet) => path.join(VENV_DIR, `.rukhsa-requirements-${set}`);
const installed = (set: PackageSet) =>
  existsSync(venvPython()) &&
  existsSync(marker(set)) &&
  readFileSync(marker(set), 'utf8') === PYTHON_PACKAGES[set].join('\n');
const pipInstall = (set: PackageSet) => [
  '-m',
  'pip',
  'install',
  '--quiet',
  '--disable-pip-version-check',
  ...PYTHON_PACKAGES[set],
];

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

/** Creates `.venv` and installs a set of the pinned packages once; later runs only compare the pins. */
export function ensureVenv(log: (line: string) => void = console.log, set: PackageSet = 'emulator'): void {
  if (installed(set)) return;
  const python = findPython();
  if (!existsSync(venvPython())) {
    log(
      `Creating the Python venv for the local cloud in ${path.relative(process.cwd(), VENV_DIR) || '.venv'} …`,
    );
    execFileSync(python, ['-m', 'venv', VENV_DIR], { stdio: 'inherit' });
  }
  log(`Installing ${PYTHON_PACKAGES[set].join(', ')} from PyPI …`);
  execFileSync(venvPython(), pipInstall(set), { stdio: 'inherit' });
  writeFileSync(marker(set), PYTHON_PACKAGES[set].join('\n'));
}

/**
 * `ensureVenv` for a set, in the background, once the venv exists (`ensureVenv()` made it): resolves
 * when pip is done, rejects with its output when it fails. pip only adds this set's packages, so
 * the emulator may run meanwhile.
 */
export function ensureVenvInBackground(set: PackageSet): Promise<void> {
  if (installed(set)) return Promise.resolve();
  if (!existsSync(venvPython()))
    return Promise.reject(new Error('Run ensureVenv() first: there is no venv.'));
  return new Promise((resolve, reject) => {
    const child = spawn(venvPython(), pipInstall(set), { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) {
        reject(new Error(`pip install ${PYTHON_PACKAGES[set].join(' ')} failed:\n${Buffer.concat(output)}`));
        return;
      }
      writeFileSync(marker(set), PYTHON_PACKAGES[set].join('\n'));
      resolve();
    });
  });
}
