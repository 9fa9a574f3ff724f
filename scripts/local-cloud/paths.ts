import * as path from 'node:path';

/** Where the local cloud keeps its files; all of it is git-ignored. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const VENV_DIR = path.join(REPO_ROOT, '.venv');
/** `RUKHSA_LOCAL_DIR` moves it (the start/stop test uses a throwaway folder). */
export const LOCAL_DIR = process.env.RUKHSA_LOCAL_DIR ?? path.join(REPO_ROOT, '.local');
export const OUTPUTS_FILE = path.join(LOCAL_DIR, 'outputs.json');
export const DEMO_USERS_FILE = path.join(LOCAL_DIR, 'demo-users.json');
export const PID_FILE = path.join(LOCAL_DIR, 'ministack.pid');
export const CDK_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'cdk');
