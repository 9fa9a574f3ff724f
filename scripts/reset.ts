/** `npm run reset`: stops the local cloud and deletes its state; the next `npm start` deploys afresh. */
import { rmSync } from 'node:fs';
import { LOCAL_DIR } from './local-cloud/paths.ts';
import { stopRecorded } from './stop.ts';

await stopRecorded();
rmSync(LOCAL_DIR, { recursive: true, force: true });
console.log('Local state deleted (.local/). The Python venv (.venv/) is kept.');
