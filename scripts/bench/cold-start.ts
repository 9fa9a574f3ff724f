/**
 * Cold import of every function of the synthesized app, each against a baseline built in the same run:
 * a bundle of only the AWS SDK clients that function itself uses (read from the actions its role is
 * granted, plus X-Ray's SDK where the route traces its SDK calls), built with the function
 * construct's own esbuild settings. Each module is imported in a fresh Node process with the
 * function's own environment; function and baseline runs alternate so load on the machine hits both
 * alike. `npm run bench:cold` runs it alone (synthesizing the local stage); `npm run bench` runs it
 * on the assembly it deployed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { routes } from '../../functions/routes.ts';
import { ESBUILD_OPTIONS } from '../../infra/constructs/platform-function.ts';
import { restoreBundles, saveBundles } from '../local-cloud/bundle-cache.ts';
import { cdkEnv } from '../local-cloud/cdk-env.ts';
import { CDK_BIN, LOCAL_DIR, REPO_ROOT } from '../local-cloud/paths.ts';

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 9);
/**
 * More pairs for a function whose first ratio is near or over the goal: a fresh process's import
 * time varies by ±15 % on these machines, so over 100 functions the largest of 9-pair medians is
 * mostly that noise. Its verdict is taken on `RUNS + CONFIRM_RUNS` pairs.
 */
const CONFIRM_RUNS = Number(process.env.BENCH_COLD_CONFIRM_RUNS ?? 16);
const CONFIRM_FROM = 1.4;
/** Goals (issue 19): every function ≤ 1.5× its baseline, the median ≤ 1.3×. */
export const COLD_GOAL = { max: 1.5, median: 1.3 };

/**
 * The SDK client behind each IAM action a function's code calls, with what it imports from it.
 * Actions granted to the Lambda service for its event sources (stream and queue reads) are not the
 * function's own calls and are left out, as are logs and X-Ray (the runtime's).
 */
const CLIENTS: { service: string; actions: RegExp; imports: Record<string, string[]> }[] = [
  {
    service: 'DynamoDB',
    actions:
      /^dynamodb:(GetItem|BatchGetItem|Query|ConditionCheckItem|PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)$/,
    imports: {
      '@aws-sdk/client-dynamodb': ['DynamoDBClient'],
      '@aws-sdk/lib-dynamodb': ['DynamoDBDocumentClient', 'GetCommand', 'QueryCommand', 'PutCommand'],
    },
  },
  {
    service: 'S3',
    actions: /^s3:(GetObject|GetObjectVersion|PutObject|ListBucket)$/,
    imports: { '@aws-sdk/client-s3': ['S3Client', 'GetObjectCommand', 'PutObjectCommand'] },
  },
  {
    service: 'KMS',
    actions: /^kms:(Sign|GetPublicKey|CreateKey|CreateAlias|TagResource)$/,
    imports: { '@aws-sdk/client-kms': ['KMSClient', 'SignCommand', 'GetPublicKeyCommand'] },
  },
  {
    service: 'SES',
    actions: /^ses:SendEmail$/,
    imports: { '@aws-sdk/client-sesv2': ['SESv2Client', 'SendEmailCommand'] },
  },
  {
    service: 'SNS',
    actions: /^sns:Publish$/,
    imports: { '@aws-sdk/client-sns': ['SNSClient', 'PublishCommand'] },
  },
  {
    service: 'Cognito',
    actions: /^cognito-idp:/,
    imports: {
      '@aws-sdk/client-cognito-identity-provider': [
        'CognitoIdentityProviderClient',
        'AdminCreateUserCommand',
      ],
    },
  },
  {
    service: 'SecretsManager',
    actions: /^secretsmanager:GetSecretValue$/,
    imports: { '@aws-sdk/client-secrets-manager': ['SecretsManagerClient', 'GetSecretValueCommand'] },
  },
  {
    service: 'SQS',
    actions: /^sqs:SendMessage$/,
    imports: { '@aws-sdk/client-sqs': ['SQSClient', 'SendMessageCommand'] },
  },
];

/**
 * X-Ray's own SDK, in the baseline of the functions whose route declares `tracing: 'sdk'`: their code
 * sends a subsegment per SDK call through it (shared/observability/tracer.ts). Their roles' X-Ray
 * actions do not say so (every function has them, for Lambda's active tracing), the route does.
 */
const XRAY_SDK = { service: 'X-Ray SDK', imports: { 'aws-xray-sdk-core': ['captureAWSv3Client'] } };
const TRACED = new Set<string>(routes.filter((r) => r.tracing === 'sdk').map((r) => r.operationId));

type Resource = { Type: string; Properties: Record<string, unknown> };

interface FunctionUnderTest {
  name: string;
  file: string;
  environment: Record<string, string>;
  services: string[];
}

/** Every function of the assembly with its bundle, environment and the SDK clients its role allows. */
export function functionsOf(assembly: string): FunctionUnderTest[] {
  const out: FunctionUnderTest[] = [];
  for (const template of readdirSync(assembly).filter((f) => /^Rukhsa-.+\.template\.json$/.test(f))) {
    const resources: Record<string, Resource> = JSON.parse(
      readFileSync(path.join(assembly, template), 'utf8'),
    ).Resources;
    const actionsOfRole = new Map<string, string[]>();
    for (const resource of Object.values(resources)) {
      if (resource.Type !== 'AWS::IAM::Policy') continue;
      const statements = (
        resource.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }
      ).Statement;
      const actions = statements.flatMap((s) => [s.Action].flat());
      for (const role of resource.Properties.Roles as { Ref: string }[]) {
        actionsOfRole.set(role.Ref, [...(actionsOfRole.get(role.Ref) ?? []), ...actions]);
      }
    }
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const code = resource.Properties.Code as { S3Key?: unknown };
      if (typeof code.S3Key !== 'string') continue; // inline (CDK custom resources): not ours
      const file = path.join(assembly, `asset.${code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
      if (!statSync(file, { throwIfNoEntry: false })) continue;
      const role = (resource.Properties.Role as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0];
      const actions = role ? (actionsOfRole.get(role) ?? []) : [];
      const name = logicalId.replace(/Fn[0-9A-F]{8}$/, '');
      const variables = (resource.Properties.Environment as { Variables?: Record<string, unknown> })
        ?.Variables;
      out.push({
        name,
        file,
        // References (table names, ARNs) become placeholders: nothing is called at import time.
        environment: Object.fromEntries(
          Object.entries(variables ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : 'bench']),
        ),
        services: [
          ...CLIENTS.filter((c) => actions.some((a) => c.actions.test(a))).map((c) => c.service),
          ...(TRACED.has(name) ? [XRAY_SDK.service] : []),
        ],
      });
    }
  }
  return out;
}

/** A bundle of only these SDK clients, with the function construct's bundling settings. */
async function baselineBundle(services: string[], dir: string): Promise<string> {
  const name = services.length ? services.join('+') : 'none';
  const outfile = path.join(dir, name, 'index.mjs');
  if (statSync(outfile, { throwIfNoEntry: false })) return outfile;
  const clients = [...CLIENTS, XRAY_SDK].filter((c) => services.includes(c.service));
  const imports = clients.flatMap((c) => Object.entries(c.imports).map(([pkg, names]) => ({ pkg, names })));
  const source = [
    ...imports.map(({ pkg, names }) => `import { ${names.join(', ')} } from '${pkg}';`),
    // Referenced by the handler so that nothing imported is shaken off.
    `export const handler = async () => [${imports.flatMap((i) => i.names).join(', ')}].length;`,
  ].join('\n');
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    stdin: { contents: source, resolveDir: REPO_ROOT, loader: 'js' },
    outfile,
    ...ESBUILD_OPTIONS,
    logLevel: 'error',
  });
  return outfile;
}

/** Time to import a module in a fresh process, with the function's environment. */
function importMs(file: string, environment: Record<string, string>): number {
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const t=performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now()-t)`,
    ],
    {
      env: { ...process.env, ...environment, AWS_REGION: 'eu-west-3' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return Number(out.trim().split('\n').at(-1));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};

export interface ColdStartRow {
  function: string;
  services: string[];
  bundleKB: number;
  baselineKB: number;
  importMs: number;
  baselineMs: number;
  /** The median of the pairs' ratios (function, then baseline, one after the other). */
  ratio: number;
  /** How many pairs: `RUNS`, or `RUNS + CONFIRM_RUNS` when the first ratio was near the goal. */
  pairs: number;
  /** The ratio after the first `RUNS` pairs, before any confirmation. */
  firstRatio: number;
}

/**
 * Imports `a` then `b`, `runs` times, each in a fresh process: the pairs' times and their ratios.
 * Each ratio is taken between two imports a fraction of a second apart, so a change in the
 * machine's load over the run lands on both.
 */
function pairs(a: string, b: string, environment: Record<string, string>, runs: number) {
  const out = { a: [] as number[], b: [] as number[], ratios: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const ms = importMs(a, environment);
    const base = importMs(b, environment);
    out.a.push(ms);
    out.b.push(base);
    out.ratios.push(ms / base);
  }
  return out;
}

export async function benchColdStarts(assembly: string, log = console.log) {
  const dir = mkdtempSync(path.join(tmpdir(), 'rukhsa-cold-'));
  try {
    const functions = functionsOf(assembly);
    log(
      `  ${functions.length} functions, ${RUNS} alternating runs each against its own baseline (${CONFIRM_RUNS} more from ×${CONFIRM_FROM})…`,
    );
    const rows: ColdStartRow[] = [];
    const baselines = new Map<string, Record<string, string>>();
    for (const fn of functions) {
      const baseline = await baselineBundle(fn.services, dir);
      if (fn.services.length && !baselines.has(baseline)) baselines.set(baseline, fn.environment);
      importMs(fn.file, fn.environment); // warms the file cache for both
      importMs(baseline, fn.environment);
      const measured = pairs(fn.file, baseline, fn.environment, RUNS);
      const firstRatio = median(measured.ratios);
      if (fn.services.length && firstRatio >= CONFIRM_FROM) {
        const more = pairs(fn.file, baseline, fn.environment, CONFIRM_RUNS);
        measured.a.push(...more.a);
        measured.b.push(...more.b);
        measured.ratios.push(...more.ratios);
      }
      rows.push({
        function: fn.name,
        services: fn.services,
        bundleKB: statSync(fn.file).size / 1024,
        baselineKB: statSync(baseline).size / 1024,
        importMs: median(measured.a),
        baselineMs: median(measured.b),
        ratio: median(measured.ratios),
        pairs: measured.ratios.length,
        firstRatio,
      });
      if (rows.length % 10 === 0) log(`  … ${rows.length}/${functions.length}`);
    }
    // The noise floor: each baseline against itself, as many pairs as a confirmed function. A ratio
    // this far from ×1 says nothing about our code.
    const noise = [...baselines].map(([file, environment]) =>
      median(pairs(file, file, environment, RUNS + CONFIRM_RUNS).ratios),
    );
    const noiseRatio = Math.max(...noise.map((r) => Math.max(r, 1 / r)));
    return { runs: RUNS, confirmRuns: CONFIRM_RUNS, noiseRatio, summary: summarize(rows), rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The goal is over functions that use at least one SDK client. Those that use none (static data)
 * have an empty module as baseline, which no handler can be within 1.5× of: they are listed apart,
 * with their absolute import time.
 */
export function summarize(rows: ColdStartRow[]) {
  const measured = rows.filter((r) => r.services.length > 0);
  const ratios = measured.map((r) => r.ratio);
  return {
    functions: rows.length,
    withClients: measured.length,
    medianRatio: median(ratios),
    p90Ratio: quantile(ratios, 0.9),
    maxRatio: Math.max(...ratios),
    overGoal: measured.filter((r) => r.ratio > COLD_GOAL.max).length,
    medianBundleKB: median(rows.map((r) => r.bundleKB)),
    maxBundleKB: Math.max(...rows.map((r) => r.bundleKB)),
    withoutClients: rows
      .filter((r) => r.services.length === 0)
      .map((r) => ({ function: r.function, importMs: r.importMs, bundleKB: r.bundleKB })),
    /** The cheapest SDK baseline of the run: what a function with one client pays at least. */
    cheapestBaselineMs: Math.min(...measured.map((r) => r.baselineMs)),
  };
}

export function printColdStarts({
  rows,
  runs,
  confirmRuns,
  noiseRatio,
}: {
  rows: ColdStartRow[];
  runs: number;
  confirmRuns: number;
  noiseRatio: number;
}) {
  const summary = summarize(rows);
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const withClients = rows.filter((r) => r.services.length > 0);
  const confirmed = withClients.filter((r) => r.pairs > runs);
  console.log(
    `\nCold import per function (fresh process, own environment) vs. a bundle of only the SDK clients it uses, same run: the median of ${runs} pairs' ratios, ${runs + confirmRuns} from ×${CONFIRM_FROM}`,
  );
  console.log(
    `  ${summary.withClients} functions with SDK clients: median ×${summary.medianRatio.toFixed(2)}, p90 ×${summary.p90Ratio.toFixed(2)}, max ×${summary.maxRatio.toFixed(2)}; median bundle ${summary.medianBundleKB.toFixed(0)} KB, largest ${summary.maxBundleKB.toFixed(0)} KB`,
  );
  console.log(
    `  after ${runs} pairs: max ×${Math.max(...withClients.map((r) => r.firstRatio)).toFixed(2)}, ${withClients.filter((r) => r.firstRatio > COLD_GOAL.max).length} over ×${COLD_GOAL.max}; ${confirmed.length} measured again; a baseline against itself: up to ×${noiseRatio.toFixed(2)} (the noise)`,
  );
  const pass = summary.maxRatio <= COLD_GOAL.max && summary.medianRatio <= COLD_GOAL.median;
  console.log(
    `  goal: every function ≤ ×${COLD_GOAL.max} (${summary.overGoal} over), median ≤ ×${COLD_GOAL.median}: ${pass ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  ${summary.withoutClients.length} functions with no SDK client (static data; the cheapest SDK baseline of this run imports in ${ms(summary.cheapestBaselineMs)}): ${summary.withoutClients.map((r) => `${r.function} ${ms(r.importMs)}, ${r.bundleKB.toFixed(0)} KB`).join('; ')}`,
  );
  console.log('  worst ten:');
  for (const r of withClients.sort((a, b) => b.ratio - a.ratio).slice(0, 10)) {
    console.log(
      `    ${r.function.padEnd(28)} ×${r.ratio.toFixed(2)} (${r.pairs} pairs; ×${r.firstRatio.toFixed(2)} after ${runs})  ${ms(r.importMs).padStart(7)} vs ${ms(r.baselineMs).padStart(7)}  ${`${r.bundleKB.toFixed(0)} KB`.padStart(7)} vs ${`${r.baselineKB.toFixed(0)} KB`.padStart(7)}  [${r.services.join(', ')}]`,
    );
  }
}

// Alone: synthesize the local stage (bundling every function) into a throwaway folder and measure it.
if (import.meta.main && process.argv[2]?.endsWith('.json')) {
  // Print a saved result again (.local/bench-cold.json).
  printColdStarts(JSON.parse(readFileSync(process.argv[2], 'utf8')));
} else if (import.meta.main) {
  const assembly = process.argv[2] ?? mkdtempSync(path.join(tmpdir(), 'rukhsa-synth-'));
  try {
    if (!process.argv[2]) {
      console.log('Synthesizing the local stage…');
      restoreBundles(assembly);
      execFileSync(CDK_BIN, ['synth', '--quiet', '--output', assembly], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: cdkEnv(),
      });
      saveBundles(assembly);
    }
    const result = await benchColdStarts(assembly);
    printColdStarts(result);
    mkdirSync(LOCAL_DIR, { recursive: true });
    writeFileSync(path.join(LOCAL_DIR, 'bench-cold.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    if (!process.argv[2]) rmSync(assembly, { recursive: true, force: true });
  }
}
