// Runs before `npm start` and `npm test` on whatever Node the machine has (plain JS on purpose):
// installs the dependencies — including the project's own Node 24 — when node_modules is missing
// or older than package-lock.json, so the two README commands work straight after a clone.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const installed = `${root}node_modules/.package-lock.json`;
const fresh =
  existsSync(`${root}node_modules/.bin/node`) &&
  existsSync(installed) &&
  statSync(installed).mtimeMs >= statSync(`${root}package-lock.json`).mtimeMs;
if (!fresh) {
  console.log('Installing dependencies (npm ci) …');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
