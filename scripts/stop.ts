/** `npm run stop`: stops the local cloud started by `npm start` (SIGTERM to the pid it recorded). */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { isAlive, stopLocalCloud } from './local-cloud/ministack.ts';
import { PID_FILE } from './local-cloud/paths.ts';

export async function stopRecorded(): Promise<void> {
  if (!existsSync(PID_FILE)) {
    console.log('The local cloud is not running (no .local/ministack.pid).');
    return;
  }
  const pid = Number(readFileSync(PID_FILE, 'utf8'));
  if (!isAlive(pid)) {
    console.log(`The local cloud (pid ${pid}) is not running.`);
  } else if (await stopLocalCloud(pid)) {
    console.log(`Stopped the local cloud (pid ${pid}); its state is saved in .local/.`);
  } else {
    throw new Error(`The local cloud (pid ${pid}) did not stop within 30 s.`);
  }
  rmSync(PID_FILE, { force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await stopRecorded();
