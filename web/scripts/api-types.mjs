// Generates src/api/schema.d.ts from the server's OpenAPI document, so the UI's API types cannot
// drift from the server. The document is the insta snapshot that the Rust contract test
// (tests/api/contract.rs) pins: a YAML front matter between two `---` lines, then the JSON.
// Run by `npm run build`, `dev` and `typecheck`; the output is not committed.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

const SNAPSHOT = '../tests/api/snapshots/api__contract__openapi.snap';
const OUTPUT = 'src/api/schema.d.ts';
const web = new URL('..', import.meta.url);

/** The JSON document after the snapshot's front matter. */
function documentOf(snapshot) {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(snapshot);
  if (!match) throw new Error(`${SNAPSHOT}: no front matter between two '---' lines`);
  return JSON.parse(snapshot.slice(match[0].length));
}

const snapshotPath = fileURLToPath(new URL(SNAPSHOT, web));
const outputPath = fileURLToPath(new URL(OUTPUT, web));
const doc = documentOf(await readFile(snapshotPath, 'utf8'));
const ast = await openapiTS(doc, { silent: true });
const text = `${COMMENT_HEADER}// From ${SNAPSHOT} by scripts/api-types.mjs.\n\n${astToString(ast)}`;

// Rewritten only when it changes, so tsc's incremental build and Vite's watcher stay quiet.
const before = await readFile(outputPath, 'utf8').catch(() => null);
if (before !== text) await writeFile(outputPath, text);
