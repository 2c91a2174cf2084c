import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from './load';
import type { Scenario } from './scenario';

export interface ScenarioReport {
  readonly scenario: string;
  readonly description: string;
  readonly instances: number;
  readonly connections: number;
  readonly responseBytes: number;
  /** Absent for a measurement without load (start-up). */
  readonly result?: LoadResult;
  readonly figures?: Readonly<Record<string, number>>;
  readonly targetText?: string;
  readonly ceiling?: LoadResult;
  /** The median of the rounds' ratios (service and ceiling measured in alternating rounds). */
  readonly ratioToCeiling?: number;
  readonly rounds?: readonly { readonly service: LoadResult; readonly ceiling: LoadResult }[];
  readonly target?: Scenario['target'];
  /** Whether the target was met; `undefined` without a target. */
  readonly met?: boolean;
}

export function judge(scenario: Scenario, result: LoadResult, ratioToCeiling?: number): boolean | undefined {
  const { target } = scenario;
  if (!target) return undefined;
  const fastEnough = target.minRequestsPerSecond === undefined || result.requestsPerSecond >= target.minRequestsPerSecond;
  const quickEnough = target.maxP99Ms === undefined || result.latencyMs.p99 <= target.maxP99Ms;
  const closeEnough = target.minRatioToCeiling === undefined || (ratioToCeiling !== undefined && ratioToCeiling >= target.minRatioToCeiling);
  return fastEnough && quickEnough && closeEnough && unexpected(result) === 0;
}

function targetText(target: Scenario['target']): string {
  if (!target) return '';
  return [
    target.minRequestsPerSecond && `≥ ${target.minRequestsPerSecond} req/s`,
    target.minRatioToCeiling && `ratio ≥ ${target.minRatioToCeiling}`,
    target.maxP99Ms && `p99 ≤ ${target.maxP99Ms} ms`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** Requests that failed or answered anything but 2xx or 304. */
export function unexpected(result: LoadResult): number {
  const bad = Object.entries(result.statusCodes).filter(([code]) => !/^2\d\d$|^304$/.test(code));
  return result.errors + bad.reduce((sum, [, count]) => sum + count, 0);
}

/** The table printed at the end of a run. */
export function formatTable(reports: readonly ScenarioReport[]): string {
  const rows = [['scenario', 'req/s', 'p50 ms', 'p99 ms', 'failed', 'ceiling req/s', 'ratio', 'target', 'met']];
  for (const r of reports) {
    rows.push([
      r.scenario,
      r.result ? r.result.requestsPerSecond.toFixed(0) : '-',
      r.result ? String(r.result.latencyMs.p50) : '-',
      r.result ? String(r.result.latencyMs.p99) : '-',
      r.result ? String(unexpected(r.result)) : '-',
      r.ceiling ? r.ceiling.requestsPerSecond.toFixed(0) : '-',
      r.ratioToCeiling !== undefined ? r.ratioToCeiling.toFixed(3) : '-',
      r.targetText ?? (targetText(r.target) || '-'),
      r.met === undefined ? '-' : r.met ? 'yes' : 'NO',
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const table = rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ')).join('\n');
  const figures = reports
    .filter((r) => r.figures)
    .map(
      (r) =>
        `${r.scenario}: ${Object.entries(r.figures!)
          .map(([name, value]) => `${name} ${value}`)
          .join(', ')}`,
    );
  return figures.length > 0 ? `${table}\n\n${figures.join('\n')}` : table;
}

/** Writes the run under bench/results/ (source tree) and returns the file path. */
export function writeResults(reports: readonly ScenarioReport[], meta: Record<string, unknown>): string {
  const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = join(dir, `${stamp}-${reports.map((r) => r.scenario).join('+')}.json`);
  writeFileSync(file, `${JSON.stringify({ ...meta, scenarios: reports }, null, 2)}\n`);
  return file;
}
