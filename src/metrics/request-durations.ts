import type { LabelValues } from 'prom-client';

type Label = 'method' | 'route' | 'status_code';

/** One label set: how many observations fell in each bucket (not cumulative), their sum and count. */
interface Series {
  readonly labels: LabelValues<Label>;
  readonly inBucket: Float64Array;
  sum: number;
  count: number;
}

interface ExportedValue {
  readonly labels: LabelValues<string>;
  readonly value: number;
  readonly metricName: string;
  readonly sharedLabels?: LabelValues<Label>;
}

/** The shape prom-client's registry reads from a metric's `get()` / `getForPromString()`. */
interface ExportedMetric {
  readonly name: string;
  readonly help: string;
  readonly type: 'histogram';
  readonly aggregator: 'sum';
  readonly values: readonly ExportedValue[];
}

/**
 * The request-duration histogram by method, route template and status code, registered in
 * prom-client's registry and exported exactly as a prom-client `Histogram` is (the same
 * `_bucket`/`_sum`/`_count` lines, `le` first). It exists for its `observe`: a series is
 * found by one map lookup and updated with a bucket search and three additions, where
 * prom-client's labelled child validated and hashed its labels again on every observation
 * (perf: ≈ 1.2 µs of each widget request's ≈ 60 µs of CPU, measured with --cpu-prof).
 */
export class RequestDurations {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly upperBounds: readonly number[],
  ) {}

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${method} ${route} ${statusCode}`;
    let series = this.series.get(key);
    if (!series) {
      series = { labels: { method, route, status_code: String(statusCode) }, inBucket: new Float64Array(this.upperBounds.length), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    const bounds = this.upperBounds;
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= bounds[i]) {
        series.inBucket[i] += 1;
        break;
      }
    }
    series.sum += seconds;
    series.count += 1;
  }

  /** What the registry's text exposition reads: series labels as shared labels, as prom-client's histogram gives them. */
  async getForPromString(): Promise<ExportedMetric> {
    const values: ExportedValue[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const { labels, inBucket, sum, count } of this.series.values()) {
      let cumulative = 0;
      this.upperBounds.forEach((le, i) => {
        cumulative += inBucket[i];
        values.push({ labels: { le }, value: cumulative, metricName: bucketName, sharedLabels: labels });
      });
      values.push({ labels: { le: '+Inf' }, value: count, metricName: bucketName, sharedLabels: labels });
      values.push({ labels: {}, value: sum, metricName: `${this.name}_sum`, sharedLabels: labels });
      values.push({ labels: {}, value: count, metricName: `${this.name}_count`, sharedLabels: labels });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** The JSON form (`registry.getMetricsAsJSON()`): each value's labels in one object. */
  async get(): Promise<ExportedMetric> {
    const metric = await this.getForPromString();
    const values = metric.values.map(({ sharedLabels, ...value }) => ({ ...value, labels: { ...value.labels, ...sharedLabels } }));
    return { ...metric, values };
  }

  reset(): void {
    this.series.clear();
  }
}
