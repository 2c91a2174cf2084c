import { writeEmbeddedTemplate } from '../src/database/embedded-template';

/** Part of `npm run build`: the initialized PGlite cluster a first embedded start loads (see embedded-template.ts). */
writeEmbeddedTemplate().then(
  ({ path, created }) => {
    if (created) process.stdout.write(`embedded database template: ${path}\n`);
  },
  (error: unknown) => {
    // a build without the template still works: the first embedded start runs initdb
    process.stderr.write(`embedded database template not built: ${(error as Error)?.message ?? error}\n`);
  },
);
