/**
 * Global setup of the browser project: the shared emulator (the same one the integration and e2e
 * projects use), then the built site served by the local web server at the origin the stacks were
 * deployed with. Builds the site first when `web/dist` is missing or older than its sources (npm test
 * builds it beforehand).
 */
import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT } from '../../scripts/local-cloud/paths.ts';
import { startWebServer, webBuildIsStale, webConfig } from '../../scripts/local-cloud/web-server.ts';
import cloudSetup from './local-cloud.setup.ts';

export default async function setup(project: TestProject) {
  const stopCloud = await cloudSetup(project);
  if (webBuildIsStale()) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const built = spawnSync(npm, ['run', '--silent', 'web:build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run web:build failed');
  }
  const { outputs, endpoint } = project.getProvidedContext().cloud;
  const site = await startWebServer({
    port: Number(new URL(outputs.webUrl).port),
    config: webConfig(outputs, endpoint),
  });
  project.provide('web', {
    url: site.url,
    apiUrl: outputs.apiUrl,
    endpoint,
    userPoolId: outputs.userPoolId,
    userPoolClientId: outputs.userPoolClientId,
  });
  return async () => {
    await site.close();
    await stopCloud();
  };
}
