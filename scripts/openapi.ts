/** `npm run openapi`: writes docs/openapi.json from the route list (a test fails when it drifts). */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { routes } from '../functions/routes.ts';
import { buildOpenApiDocument } from '../shared/http/openapi.ts';
import { REPO_ROOT } from './local-cloud/paths.ts';

const file = path.join(REPO_ROOT, 'docs', 'openapi.json');
writeFileSync(file, `${JSON.stringify(buildOpenApiDocument(routes), null, 2)}\n`);
console.log(`Wrote ${path.relative(REPO_ROOT, file)} (${routes.length} operations).`);
