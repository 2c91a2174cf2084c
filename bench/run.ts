/**
 * Benchmark runner: `npm run bench [-- <scenario>…]`, `npm run bench:routing`.
 *
 * For each scenario: a throwaway database on a real PostgreSQL, the BUILT service
 * (`dist/src/main.js`, one or more processes), the scenario's seed, a warm-up, then load from
 * a separate autocannon process; optionally the same load against the ceiling server.
 * Prints a table and writes JSON under bench/results/.
 *
 * Env: BENCH_DATABASE_URL (or TEST_DATABASE_URL; default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_DURATION_SECONDS (override), BENCH_CPU_PROF=1 (profile the service processes).
 */
import { execFileSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCeiling } from './harness/ceiling';
import { combineRounds, type LoadPlan, type LoadResult, medianRatio, runLoad } from './harness/load';
import { createBenchDatabase, DEFAULT_ADMIN_URL, ensurePostgres } from './harness/postgres';
import { type RunningProcess, startNodeProcess } from './harness/processes';
import { planned, seedContext, send, serviceEnv } from './harness/service';
import { formatTable, judge, type ScenarioReport, unexpected, writeResults } from './harness/report';
import type { Scenario } from './harness/scenario';
import { SCENARIOS } from './scenarios';

const MAIN = join(__dirname, '..', 'src', 'main.js');
/**
 * Load before the measured rounds, for the service and for the ceiling. After 3 s the
 * service was still speeding up: events that fire nothing measured 8.0, 12.8, 14.3, 15.4 and
 * 15.2 thousand req/s in five consecutive rounds (2026-12-06 15:57 run), so the first rounds
 * measured the warm-up, not the service.
 */
const WARM_UP_SECONDS = 10;
/** Alternating rounds of the service and the ceiling, for scenarios compared with the ceiling. */
const ROUNDS = 5;

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function startServices(scenario: Scenario, databaseUrl: string): Promise<RunningProcess[]> {
  const env = serviceEnv(databaseUrl);
  const profiling = process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', '--cpu-prof-dir', join(tmpdir(), 'lt-bench-profiles')] : [];
  const nodeArgs = [...profiling, ...(scenario.nodeArgs ?? [])];
  const start = () => startNodeProcess(MAIN, env, { readyPath: '/health/ready', nodeArgs });
  // the first instance applies the migrations; the others then start together
  const first = await start();
  const rest = await Promise.all(Array.from({ length: scenario.instances - 1 }, start));
  return [first, ...rest];
}

async function runScenario(scenario: Scenario, adminUrl: string): Promise<ScenarioReport> {
  const durationSeconds = Number(process.env.BENCH_DURATION_SECONDS ?? scenario.durationSeconds);
  const database = await createBenchDatabase(adminUrl);
  let services: RunningProcess[] = [];
  let ceiling: RunningProcess | undefined;
  try {
    services = await startServices(scenario, database.url);
    const context = seedContext(services[0].baseUrl, database.url);
    await scenario.seed(context);
    if (scenario.measure) {
      const requests = scenario.requests(context.state).map(planned);
      const urls = services.map((s) => s.baseUrl);
      const measured = await scenario.measure({
        mainScript: MAIN,
        load: (seconds) => runLoad({ urls, connections: scenario.connections, durationSeconds: seconds, requests }),
        baseUrls: services.map((s) => s.baseUrl),
        databaseUrl: database.url,
        env: serviceEnv(database.url),
        state: context.state,
        log: (message) => log(`${scenario.name}: ${message}`),
        serviceOutput: () => services[0].output(),
      });
      return {
        scenario: scenario.name,
        description: scenario.description,
        instances: scenario.instances,
        connections: scenario.connections,
        responseBytes: 0,
        ...(measured.result ? { result: measured.result } : {}),
        figures: measured.figures,
        targetText: measured.targetText,
        met: measured.met && (measured.result === undefined || unexpected(measured.result) === 0),
      };
    }
    const requests = scenario.requests(context.state).map(planned);
    const sample = await send(services[0].baseUrl, requests[0]);
    if (sample.status >= 300 && sample.status !== 304) throw new Error(`${scenario.name}: the first request answered ${sample.status}: ${sample.text}`);
    const responseBytes = Buffer.byteLength(sample.text);
    const plan: LoadPlan = { urls: services.map((s) => s.baseUrl), connections: scenario.connections, durationSeconds, requests };
    ceiling = scenario.compareToCeiling ? await startCeiling(responseBytes) : undefined;
    const ceilingPlan = ceiling ? { ...plan, urls: [ceiling.baseUrl] } : undefined;
    log(`${scenario.name}: warming up (${WARM_UP_SECONDS} s${ceiling ? ' each, and the ceiling: a bare Fastify answering the same bytes' : ''})`);
    await runLoad({ ...plan, durationSeconds: WARM_UP_SECONDS });
    if (ceilingPlan) await runLoad({ ...ceilingPlan, durationSeconds: WARM_UP_SECONDS });
    // with a ceiling, both are measured in alternating rounds: this machine's speed drifts
    // within a minute, and back-to-back rounds see the same machine
    const rounds = ceilingPlan ? ROUNDS : 1;
    const roundSeconds = durationSeconds / rounds;
    log(`${scenario.name}: ${scenario.connections} connections over ${services.length} instance(s), ${rounds} × ${roundSeconds} s`);
    const serviceRounds: LoadResult[] = [];
    const ceilingRounds: LoadResult[] = [];
    for (let round = 0; round < rounds; round++) {
      serviceRounds.push(await runLoad({ ...plan, durationSeconds: roundSeconds }));
      if (ceilingPlan) ceilingRounds.push(await runLoad({ ...ceilingPlan, durationSeconds: roundSeconds }));
    }
    const result = combineRounds(serviceRounds);
    const ceilingResult = ceilingPlan ? combineRounds(ceilingRounds) : undefined;
    return {
      scenario: scenario.name,
      description: scenario.description,
      instances: scenario.instances,
      connections: scenario.connections,
      responseBytes,
      result,
      ...(ceilingResult
        ? {
            ceiling: ceilingResult,
            ratioToCeiling: medianRatio(serviceRounds, ceilingRounds),
            rounds: serviceRounds.map((r, i) => ({ service: r, ceiling: ceilingRounds[i] })),
          }
        : {}),
      target: scenario.target,
      met: judge(scenario, result, ceilingResult && medianRatio(serviceRounds, ceilingRounds)),
    };
  } finally {
    await Promise.all([...services, ...(ceiling ? [ceiling] : [])].map((s) => s.stop()));
    await database.drop();
  }
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', cwd: __dirname }).trim();
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const chosen = names.length > 0 ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;
  const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || DEFAULT_ADMIN_URL;
  await ensurePostgres(adminUrl);
  const reports: ScenarioReport[] = [];
  for (const scenario of chosen) reports.push(await runScenario(scenario, adminUrl));
  process.stdout.write(`\n${formatTable(reports)}\n\n`);
  const file = writeResults(reports, {
    date: new Date().toISOString(),
    commit: gitCommit(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
  });
  log(`results written to ${file}`);
  if (process.env.BENCH_CPU_PROF === '1') log(`CPU profiles in ${join(tmpdir(), 'lt-bench-profiles')}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
