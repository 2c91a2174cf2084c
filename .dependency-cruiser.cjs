/**
 * The module graph of src/, checked by `npm run deps:check` (part of `npm run lint`).
 * See docs/architecture.md for the picture these rules keep true.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'Folders depend on each other one way only (each subfolder is a node of its own).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-file-cycles',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'pure-rules',
      comment: 'conditions/ and evaluation/ are pure rules: no framework, database or HTTP code.',
      severity: 'error',
      from: { path: '^src/(conditions|evaluation)/' },
      to: { path: '(^|/)node_modules/(@nestjs/|typeorm/|fastify/|@fastify/|class-validator/|class-transformer/|pg/|ioredis/)' },
    },
    {
      name: 'top-floor-only-from-bootstrap',
      comment: 'Only main.ts and the app factory (http/) build the app; no feature imports them. What features share lives in common/.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/main\\.ts$', '^src/http/'] },
      to: { path: ['^src/http/', '^src/main\\.ts$', '^src/app\\.module\\.ts$'] },
    },
    {
      name: 'app-module-only-from-bootstrap',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/main\\.ts$', '^src/http/create-app\\.ts$'] },
      to: { path: '^src/app\\.module\\.ts$' },
    },
    {
      name: 'rocketchat-only-maps',
      comment:
        'The Rocket.Chat surface maps onto the native services: it reads no table, holds no rule of its own and makes no outbound call (rocketchat-upstream/ fetches Rocket.Chat).',
      severity: 'error',
      from: { path: '^src/rocketchat/' },
      to: {
        path: [
          '\\.repository\\.ts$',
          '^src/database/',
          '(^|/)node_modules/(typeorm|pg|ioredis|undici)/',
        ],
      },
    },
    {
      name: 'common-depends-on-no-feature',
      comment: 'common/ is what every feature may use; it uses no feature.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/', pathNot: ['^src/common/', '^src/config/'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/|^migrations/|node_modules',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
