/**
 * NestJS 12 packages are ESM-only. Node 20 can require() them, but Jest's module loader
 * supports require(esm) only on Node >= 24.9, so SWC transpiles the ESM-only packages in
 * node_modules to CommonJS (see shared STACK.md §3).
 * @type {import('jest').Config}
 */
const ESM_ONLY = ['@nestjs', '@electric-sql', 'cookie', 'content-disposition', 'file-type', '@tokenizer',
  'strtok3', 'token-types', 'uint8array-extras', '@borewit'];
const swcTs = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
const swcJs = { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022', keepClassNames: true }, module: { type: 'commonjs' } };
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/test'],
  testRegex: '.*\\.(e2e-)?spec\\.ts$',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swcTs], '^.+\\.[mc]?js$': ['@swc/jest', swcJs] },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  testTimeout: 60000,
  setupFiles: ['<rootDir>/test/support/fast-check-seed.ts'],
};
