import type { LoadResult } from './load';

/** One HTTP request of a scenario's load. */
export interface LoadRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent with the manager key unless `false`. */
  readonly authenticated?: boolean;
}

/** What a scenario's seed step may do: call the service as a manager. */
export interface SeedContext {
  readonly api: (method: LoadRequest['method'], path: string, body?: unknown) => Promise<{ status: number; body: unknown; headers: Headers }>;
  /** Values the seed step hands to `requests` (ids it created). */
  readonly state: Record<string, unknown>;
  /** The scenario's throwaway database, for seeding in bulk with SQL. */
  readonly databaseUrl: string;
}

/** What a scenario with its own measurement gets once the services run and the seed is done. */
export interface MeasureContext {
  readonly baseUrls: readonly string[];
  readonly databaseUrl: string;
  /** The service's environment, for scenarios that start processes of their own. */
  readonly env: Readonly<Record<string, string>>;
  readonly state: Record<string, unknown>;
  /** The built service's entry point (`dist/src/main.js`). */
  readonly mainScript: string;
  /** Runs the scenario's requests over the services for this long. */
  load(durationSeconds: number): Promise<LoadResult>;
  log(message: string): void;
  /** What the first service process has printed so far (stdout and stderr). */
  serviceOutput(): string;
}

/** A measurement other than req/s and latency (memory, start-up time). */
export interface Measurement {
  /** Named figures printed under the table, e.g. `{ 'rss after 60 s (MiB)': 92 }`. */
  readonly figures: Readonly<Record<string, number>>;
  readonly targetText: string;
  readonly met: boolean;
  /** The load of the measurement, when there was one. */
  readonly result?: LoadResult;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Service processes on the one database; load is spread over them. */
  readonly instances: number;
  seed(context: SeedContext): Promise<void>;
  /** The requests, cycled over by every connection. */
  requests(state: Record<string, unknown>): readonly LoadRequest[];
  /** Concurrent connections in total (spread over the instances). */
  readonly connections: number;
  readonly durationSeconds: number;
  readonly target?: { readonly minRequestsPerSecond?: number; readonly maxP99Ms?: number; readonly minRatioToCeiling?: number };
  /** Also measure a bare Fastify server answering a fixed JSON of the same size, and report the ratio. */
  readonly compareToCeiling?: boolean;
  /** Node flags for the service processes (e.g. `--trace-gc`). */
  readonly nodeArgs?: readonly string[];
  /** Replaces the standard load run: the scenario measures what it reports itself. */
  measure?(context: MeasureContext): Promise<Measurement>;
}
