import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');

describe('web/admin/api.d.ts', () => {
  it('is what openapi-typescript generates from openapi.json (run `npm run openapi:types` after `npm run openapi`)', async () => {
    // the CLI of `npm run openapi:types`, printing to stdout (its dependencies are ESM, which Jest cannot require in-process)
    const { stdout } = await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'openapi-typescript'), ['openapi.json'], { cwd: ROOT });
    expect(stdout).toBe(readFileSync(join(ROOT, 'web', 'admin', 'api.d.ts'), 'utf8'));
  });
});
