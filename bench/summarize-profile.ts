/**
 * Summarizes V8 CPU profiles (`BENCH_CPU_PROF=1 npm run bench -- <scenario>` writes them):
 * `node dist/bench/summarize-profile.js <file.cpuprofile>… [--top 30]`.
 * Prints self time by function and by package (node_modules/<name>, node internals, our src).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function packageOf(url: string): string {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1];
  if (url.includes('/dist/src/')) return `src/${url.split('/dist/src/')[1].split('/')[0]}`;
  if (url.startsWith('node:') || url === '') return url === '' ? '(native/gc/idle)' : 'node internals';
  return url;
}

function summarize(files: readonly string[], top: number): string {
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const node = nodes.get(id)!;
      const micros = profile.timeDeltas[i] ?? 0;
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === '(idle)') return;
      total += micros;
      const name = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '')}:${lineNumber + 1}` : ''}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
      const pkg = packageOf(url);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
    });
  }
  const table = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  return `busy ${(total / 1e6).toFixed(1)} s\n\nself time by package:\n${table(byPackage)}\n\nself time by function:\n${table(byFunction)}\n`;
}

const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 30;
const files = args.filter((a, i) => a !== '--top' && i !== topIndex + 1);
if (files.length === 0) {
  process.stderr.write('usage: node dist/bench/summarize-profile.js <file.cpuprofile>… [--top N]\n');
  process.exit(2);
}
process.stdout.write(summarize(files, top));
