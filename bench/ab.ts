/**
 * A/B of two builds of the service: CPU time per request, the figure that decides a change to
 * the hot path (docs/performance.md, "Method").
 *
 *   npm run bench:ab -- --b <projectRootB> [--a <projectRootA>] [--scenario <name>]… [--pairs 6] [--seconds 4] [--warm-up 10]
 *   node dist/bench/ab.js --a <projectRootA> --b <projectRootB> [--scenario events-no-fire|widget-config-304|events-mix|widget-config …]
 *                         [--pairs 6] [--seconds 4] [--warm-up 10]
 *
 * A project root is a checkout built with `npm run build` (its service at
 * `<root>/dist/src/main.js`, its own node_modules); `--a` defaults to this project's root,
 * `--b` is required. Both services run under the Node that runs this script. `--scenario` may
 * be repeated (default: events-no-fire); any scenario of bench/scenarios that runs its load
 * over one process without a measurement of its own will do.
 *
 * For each scenario: a throwaway database; service A started first (it applies the
 * migrations), then B, on the same database, with run.ts's environment (one SECRETS_KEY and
 * manager key, LOG_LEVEL=warn, RATE_LIMIT_PER_MINUTE=0, NODE_ENV=production); the scenario's
 * seed through A; a warm-up of both, alternating in rounds of `--seconds` until each has had
 * `--warm-up` seconds; then `--pairs` pairs, each one load run of `--seconds` against A and
 * one against B. Pairs alternate their order (A,B then B,A, …): this machine's speed drifts
 * within a minute, and flipping the order cancels a steady drift instead of always handing
 * the faster half of a pair to the same build. Scenarios with fresh visitors (events-mix's
 * `bench-fresh-{{seq}}`) stay fresh: the load worker prefixes `{{seq}}` with a random id per
 * run, so no run of either build reuses a token of another.
 *
 * Around each run the service's CPU time (utime + stime of every thread, /proc/<pid>/stat)
 * is read; CPU µs per request = that time / the requests answered in the run. It also counts
 * the worker's start-up before the load begins, when the service idles; the idle CPU of each
 * service is measured once and printed, to show how little that is.
 *
 * Prints, per scenario, every pair (µs per request of A and B, B/A, req/s), the medians and
 * the ratio of the medians (B/A below 1: B spends less CPU per request). Failed requests or
 * statuses other than 2xx/304, or A and B answering different statuses (a 304 from one and
 * 200s from the other measure different work), are flagged with `!!!` and the exit code is 1.
 * Writes the figures to bench/results/<iso>-ab-<scenarios>.json with both roots and commits.
 *
 * Env: BENCH_DATABASE_URL (or TEST_DATABASE_URL; default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { type LoadPlan, type LoadResult, type PlannedRequest, runLoad } from './harness/load';
import { createBenchDatabase, DEFAULT_ADMIN_URL, ensurePostgres } from './harness/postgres';
import { type RunningProcess, startNodeProcess } from './harness/processes';
import { planned, seedContext, send, serviceEnv } from './harness/service';
import { unexpected } from './harness/report';
import type { Scenario } from './harness/scenario';
import { SCENARIOS } from './scenarios';

/** This project's root (this file runs as dist/bench/ab.js). */
const PROJECT_ROOT = resolve(__dirname, '..', '..');
const DEFAULT_SCENARIO = 'events-no-fire';
/** How long each service's CPU is sampled while no load runs. */
const IDLE_SECONDS = 2;

type Label = 'A' | 'B';

interface Options {
  readonly roots: Readonly<Record<Label, string>>;
  readonly scenarios: readonly Scenario[];
  readonly pairs: number;
  readonly seconds: number;
  readonly warmUpSeconds: number;
}

interface Build {
  readonly label: Label;
  readonly root: string;
  readonly main: string;
  readonly commit?: string;
  /** Tracked files differ from the commit: the build may not be that commit. */
  readonly uncommittedChanges?: boolean;
}

interface Run {
  readonly build: Label;
  readonly cpuMicros: number;
  readonly cpuMicrosPerRequest: number;
  readonly result: LoadResult;
  /** Failed requests and statuses other than 2xx/304 (report.ts's `unexpected`). */
  readonly failed: number;
}

interface Pair {
  readonly order: `${Label},${Label}`;
  readonly a: Run;
  readonly b: Run;
  /** B's CPU per request over A's. */
  readonly ratio: number;
}

interface ScenarioAb {
  readonly scenario: string;
  readonly description: string;
  readonly connections: number;
  readonly idleCpuMillisPerSecond: Readonly<Record<Label, number>>;
  readonly pairs: readonly Pair[];
  readonly medianMicrosPerRequest: Readonly<Record<Label, number>>;
  /** median(B) / median(A). */
  readonly ratioOfMedians: number;
  readonly medianOfPairRatios: number;
  readonly warnings: readonly string[];
}

function log(message: string): void {
  process.stderr.write(`[bench:ab] ${message}\n`);
}

/** Logged at once and kept for the summary: a flawed run must not scroll by unseen. */
function warn(warnings: string[], message: string): void {
  warnings.push(message);
  process.stderr.write(`[bench:ab] !!! ${message}\n`);
}

// ---------------------------------------------------------------- arguments and builds

function positiveNumber(name: string, value: string): number {
  const number = Number(value);
  if (!(number > 0)) throw new Error(`--${name} must be a positive number, not ${value}`);
  return number;
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      a: { type: 'string', default: PROJECT_ROOT },
      b: { type: 'string' },
      scenario: { type: 'string', multiple: true, default: [DEFAULT_SCENARIO] },
      pairs: { type: 'string', default: '6' },
      seconds: { type: 'string', default: '4' },
      'warm-up': { type: 'string', default: '10' },
    },
  });
  if (!values.b) throw new Error('--b <projectRoot> is required (and --a defaults to this project)');
  return {
    roots: { A: resolve(values.a), B: resolve(values.b) },
    scenarios: values.scenario.map(scenarioNamed),
    pairs: Math.round(positiveNumber('pairs', values.pairs)),
    seconds: positiveNumber('seconds', values.seconds),
    warmUpSeconds: positiveNumber('warm-up', values['warm-up']),
  };
}

/** Only scenarios whose load runs over one process: the CPU read is that process's. */
function scenarioNamed(name: string): Scenario {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (!scenario) throw new Error(`unknown scenario ${name}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  if (scenario.measure || scenario.instances !== 1) throw new Error(`${name} is not a load over one service process; it cannot be A/B'd here`);
  return scenario;
}

function git(root: string, args: readonly string[]): string | undefined {
  try {
    // no optional locks: another engineer may be committing in that checkout
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

function describeBuild(label: Label, root: string): Build {
  const main = join(root, 'dist', 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${label}: no build at ${main}; run \`npm ci && npm run build\` in ${root}`);
  const status = git(root, ['status', '--porcelain', '--untracked-files=no']);
  return { label, root, main, commit: git(root, ['rev-parse', '--short', 'HEAD']), uncommittedChanges: status === undefined ? undefined : status !== '' };
}

function buildName(build: Build): string {
  return `${build.root} (${build.commit ?? 'no git'}${build.uncommittedChanges ? ', with uncommitted changes' : ''})`;
}

// ---------------------------------------------------------------- CPU time

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** utime + stime of the whole process (all its threads: the JIT, the GC, libuv's pool), in clock ticks. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // field 2, the command, is in parentheses and may hold spaces: count from after its ')';
  // the fields there start at field 3, so utime (14) and stime (15) are the 12th and 13th
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const ticksToMicros = (ticks: number) => (ticks * 1e6) / CLOCK_TICKS_PER_SECOND;

async function idleCpuMillisPerSecond(service: RunningProcess): Promise<number> {
  const before = cpuTicks(service.pid);
  await sleep(IDLE_SECONDS * 1000);
  return ticksToMicros(cpuTicks(service.pid) - before) / 1000 / IDLE_SECONDS;
}

// ---------------------------------------------------------------- the services

/** A then B, one after the other: A applies the migrations before B starts. */
async function startBoth(
  builds: Readonly<Record<Label, Build>>,
  env: Record<string, string>,
  started: RunningProcess[],
): Promise<Record<Label, RunningProcess>> {
  for (const build of [builds.A, builds.B]) {
    log(`starting ${build.label}: ${buildName(build)}`);
    started.push(await startNodeProcess(build.main, env, { readyPath: '/health/ready' }));
  }
  return { A: started[0], B: started[1] };
}

/** The first request of the load, once to each: both must answer it, and answer alike. */
async function checkFirstRequest(services: Record<Label, RunningProcess>, request: PlannedRequest, warnings: string[]): Promise<void> {
  const [a, b] = await Promise.all([send(services.A.baseUrl, request), send(services.B.baseUrl, request)]);
  for (const [label, res] of [['A', a] as const, ['B', b] as const]) {
    if (res.status >= 300 && res.status !== 304) throw new Error(`${label}: the first request answered ${res.status}: ${res.text}`);
  }
  if (a.status !== b.status) warn(warnings, `the first request: A answered ${a.status}, B ${b.status}; they do not do the same work`);
}

// ---------------------------------------------------------------- load runs

async function measuredRun(build: Label, service: RunningProcess, plan: LoadPlan): Promise<Run> {
  const before = cpuTicks(service.pid);
  const result = await runLoad({ ...plan, urls: [service.baseUrl] });
  const cpuMicros = ticksToMicros(cpuTicks(service.pid) - before);
  return { build, cpuMicros, cpuMicrosPerRequest: cpuMicros / Math.max(1, result.requests), result, failed: unexpected(result) };
}

/**
 * Rounds as long as a measured run, alternating, until each build has had `warmUpSeconds`:
 * a connection starts over at the scenario's first request in every run, so rounds this long
 * reach every visitor a measured run reaches, in both builds' caches.
 */
async function warmUp(services: Record<Label, RunningProcess>, plan: LoadPlan, warmUpSeconds: number): Promise<void> {
  const rounds = Math.ceil(warmUpSeconds / plan.durationSeconds);
  log(`warming up: ${rounds} round(s) of ${plan.durationSeconds} s each, alternating`);
  for (let round = 0; round < rounds; round++) {
    await runLoad({ ...plan, urls: [services.A.baseUrl] });
    await runLoad({ ...plan, urls: [services.B.baseUrl] });
  }
}

/** Even pairs (counting from 0) run A first, odd ones B first. */
async function measurePair(index: number, services: Record<Label, RunningProcess>, plan: LoadPlan): Promise<Pair> {
  const order: Label[] = index % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
  const runs: Partial<Record<Label, Run>> = {};
  for (const label of order) runs[label] = await measuredRun(label, services[label], plan);
  const a = runs.A!;
  const b = runs.B!;
  return { order: `${order[0]},${order[1]}`, a, b, ratio: b.cpuMicrosPerRequest / a.cpuMicrosPerRequest };
}

function checkRuns(pair: Pair, index: number, warnings: string[]): void {
  for (const run of [pair.a, pair.b]) {
    if (run.failed > 0 || run.result.timeouts > 0) {
      const { errors, timeouts, statusCodes } = run.result;
      warn(
        warnings,
        `pair ${index + 1}, ${run.build}: ${run.failed} failed or unexpected (errors ${errors}, timeouts ${timeouts}, statuses ${JSON.stringify(statusCodes)})`,
      );
    }
  }
  const statuses = (run: Run) => Object.keys(run.result.statusCodes).sort().join(',');
  if (statuses(pair.a) !== statuses(pair.b)) {
    warn(warnings, `pair ${index + 1}: A answered ${statuses(pair.a)}, B ${statuses(pair.b)}; they do not do the same work`);
  }
}

/** The median; for an even count the mean of the two middle values (load.ts's picks the upper one). */
function middle(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

async function runScenario(scenario: Scenario, builds: Readonly<Record<Label, Build>>, options: Options, adminUrl: string): Promise<ScenarioAb> {
  const database = await createBenchDatabase(adminUrl);
  const started: RunningProcess[] = [];
  const warnings: string[] = [];
  try {
    log(`${scenario.name}: ${scenario.description}`);
    const services = await startBoth(builds, serviceEnv(database.url), started);
    const context = seedContext(services.A.baseUrl, database.url);
    log(`${scenario.name}: seeding through A`);
    await scenario.seed(context);
    const requests = scenario.requests(context.state).map(planned);
    await checkFirstRequest(services, requests[0], warnings);
    const plan: LoadPlan = { urls: [], connections: scenario.connections, durationSeconds: options.seconds, requests };
    await warmUp(services, plan, options.warmUpSeconds);
    const idle = { A: await idleCpuMillisPerSecond(services.A), B: await idleCpuMillisPerSecond(services.B) };
    log(`${scenario.name}: idle CPU A ${idle.A.toFixed(1)} ms/s, B ${idle.B.toFixed(1)} ms/s`);
    const pairs: Pair[] = [];
    for (let index = 0; index < options.pairs; index++) {
      const pair = await measurePair(index, services, plan);
      checkRuns(pair, index, warnings);
      log(
        `${scenario.name}: pair ${index + 1}/${options.pairs} (${pair.order}): A ${pair.a.cpuMicrosPerRequest.toFixed(1)}, B ${pair.b.cpuMicrosPerRequest.toFixed(1)} µs/req, B/A ${pair.ratio.toFixed(3)}`,
      );
      pairs.push(pair);
    }
    const medians = { A: middle(pairs.map((p) => p.a.cpuMicrosPerRequest)), B: middle(pairs.map((p) => p.b.cpuMicrosPerRequest)) };
    return {
      scenario: scenario.name,
      description: scenario.description,
      connections: scenario.connections,
      idleCpuMillisPerSecond: idle,
      pairs,
      medianMicrosPerRequest: medians,
      ratioOfMedians: medians.B / medians.A,
      medianOfPairRatios: middle(pairs.map((p) => p.ratio)),
      warnings,
    };
  } finally {
    await Promise.all(started.map((s) => s.stop()));
    await database.drop();
  }
}

// ---------------------------------------------------------------- report

function formatRows(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const reqPerSecond = (run: Run) => Math.round(run.result.requestsPerSecond).toLocaleString('en-US');

function formatScenario(ab: ScenarioAb, options: Options): string {
  const rows: string[][] = [['pair', 'order', 'A µs/req', 'B µs/req', 'B/A', 'A req/s', 'B req/s', 'A failed', 'B failed']];
  ab.pairs.forEach((p, i) => {
    rows.push([
      String(i + 1),
      p.order,
      p.a.cpuMicrosPerRequest.toFixed(1),
      p.b.cpuMicrosPerRequest.toFixed(1),
      p.ratio.toFixed(3),
      reqPerSecond(p.a),
      reqPerSecond(p.b),
      String(p.a.failed),
      String(p.b.failed),
    ]);
  });
  rows.push(['median', '', ab.medianMicrosPerRequest.A.toFixed(1), ab.medianMicrosPerRequest.B.toFixed(1), ab.medianOfPairRatios.toFixed(3)]);
  return [
    `${ab.scenario}: ${ab.description}; ${ab.connections} connections, ${ab.pairs.length} pairs × ${options.seconds} s, service CPU per request`,
    formatRows(rows),
    `ratio of medians (B/A): ${ab.ratioOfMedians.toFixed(3)}   (median of the pair ratios ${ab.medianOfPairRatios.toFixed(3)}; idle CPU A ${ab.idleCpuMillisPerSecond.A.toFixed(1)}, B ${ab.idleCpuMillisPerSecond.B.toFixed(1)} ms/s)`,
    ...ab.warnings.map((w) => `!!! ${w}`),
  ].join('\n');
}

function writeResults(results: readonly ScenarioAb[], builds: Readonly<Record<Label, Build>>, options: Options): string {
  const dir = join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const date = new Date().toISOString();
  const file = join(dir, `${date.replace(/[:.]/g, '-')}-ab-${results.map((r) => r.scenario).join('+')}.json`);
  const meta = {
    date,
    a: builds.A,
    b: builds.B,
    pairs: options.pairs,
    seconds: options.seconds,
    warmUpSeconds: options.warmUpSeconds,
    order: 'pairs alternate: A,B then B,A',
    clockTicksPerSecond: CLOCK_TICKS_PER_SECOND,
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
  };
  writeFileSync(file, `${JSON.stringify({ ...meta, scenarios: results }, null, 2)}\n`);
  return file;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const builds = { A: describeBuild('A', options.roots.A), B: describeBuild('B', options.roots.B) };
  const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || DEFAULT_ADMIN_URL;
  await ensurePostgres(adminUrl);
  const results: ScenarioAb[] = [];
  for (const scenario of options.scenarios) results.push(await runScenario(scenario, builds, options, adminUrl));
  const header = `A: ${buildName(builds.A)}\nB: ${buildName(builds.B)}`;
  process.stdout.write(`\n${header}\n\n${results.map((r) => formatScenario(r, options)).join('\n\n')}\n\n`);
  log(`results written to ${writeResults(results, builds, options)}`);
  if (results.some((r) => r.warnings.length > 0)) {
    log('!!! some runs failed requests or A and B answered differently: see the !!! lines; these figures do not compare like with like');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:ab] failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
