// `npm run gen:api`: TypeScript types of the API (src/api/schema.gen.ts) from
// docs/api/openapi.yaml, with openapi-typescript. Run by `build`, `typecheck` and `dev` first, so
// the pages are always checked against the spec of the same commit; the file is not committed.
// The file is only rewritten when its text changes (keeps Vite and `make` from rebuilding).
//
// openapi-typescript prints its output through the TypeScript 5 compiler API, which the
// project's compiler (TypeScript 7, a native binary) no longer has: the `typescript` it imports
// is redirected to the `typescript-for-openapi` devDependency (TypeScript 5). Because that package
// also installs a `tsc` command, the npm scripts call TypeScript 7 by its path.
import { register } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

register('./openapi-ts-hook.mjs', import.meta.url);
const { default: openapiTS, astToString } = await import('openapi-typescript');

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const spec = resolve(web, '../docs/api/openapi.yaml');
const out = resolve(web, 'src/api/schema.gen.ts');

// An object schema without properties (e.g. the rules document) is free-form: Record<string, unknown>.
const ast = await openapiTS(pathToFileURL(spec), { emptyObjectsUnknown: true });
const text = `// Generated from docs/api/openapi.yaml by \`npm run gen:api\` (openapi-typescript): do not edit.\n\n${astToString(ast)}`;
let old = '';
try {
  old = readFileSync(out, 'utf8');
} catch {
  /* first run */
}
if (old !== text) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`gen:api: wrote ${out}`);
}
