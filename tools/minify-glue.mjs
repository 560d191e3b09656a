// Trunk post-build hook (Trunk.toml): in a release build, minifies wasm-bindgen's JS glue with
// terser and rewrites its Subresource Integrity hash in index.html, which Trunk computed from the
// unminified file. The glue is 39 KB raw, 7.3 KB gzipped; minified, 17 KB raw, 5.4 KB gzipped
// (page weight, issue 6).
//
// Trunk's own minifier (`minify = "on_release"`) handles the CSS and the HTML. It also tries the
// glue, but its JS minifier (minify-js 0.5, in Trunk 0.21.14) cannot parse the glue's
// `export { ... as default }`: it prints "WARN Failed to minify JS" and leaves the file as it was
// (trunk-rs/trunk#1044). That minifier has a known bug that drops getters (trunk#761), so check
// the glue still works (`make test`) before moving to a Trunk that parses it.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (process.env.TRUNK_PROFILE !== 'release' || !staging) process.exit(0);
// Imported only now, so a debug build needs neither terser nor tools/node_modules.
const { minify } = await import('terser');

// Trunk names the glue after the binary: raftlab-<hash>.js. Nothing else is touched.
const GLUE = /^raftlab-[0-9a-f]+\.js$/;
const sri = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;

const htmlPath = path.join(staging, 'index.html');
let html = await readFile(htmlPath, 'utf8');
for (const name of await readdir(staging)) {
  if (!GLUE.test(name)) continue;
  const file = path.join(staging, name);
  const source = await readFile(file, 'utf8');
  const result = await minify(source, { module: true, compress: true, mangle: true });
  if (typeof result.code !== 'string') throw new Error(`terser produced nothing for ${name}`);
  // A hash this script cannot find would stay stale, and the browser would refuse the glue:
  // fail the build instead. (No hash at all is fine: a build with SRI turned off.)
  const oldHash = sri(source);
  if (!html.includes(oldHash) && /integrity=/.test(html)) {
    throw new Error(`index.html has integrity hashes, but not ${name}'s (${oldHash})`);
  }
  html = html.split(oldHash).join(sri(result.code));
  await writeFile(file, result.code);
  console.log(`minify-glue: ${name} ${source.length} -> ${result.code.length} bytes`);
}
await writeFile(htmlPath, html);
