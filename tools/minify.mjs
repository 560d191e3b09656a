// Trunk post-build hook (Trunk.toml): in a release build, minifies wasm-bindgen's JS glue and
// the page's loader with terser and the style sheet with csso, and rewrites their Subresource Integrity hashes in
// index.html, which Trunk computed from the files as they were (page weight, issue 6). Gzipped,
// the glue goes from 7.3 to 5.4 KB and the style sheet from 4.6 to 4.0 KB.
//
// Why not Trunk's own `minify = "on_release"`: it also minifies the glue, with minify-js 0.5
// (Trunk 0.21.14), which cannot parse the glue's `export { ... as default }`; every release
// build then warned "Failed to minify JS" and shipped the glue as it was (trunk-rs/trunk#1044).
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (process.env.TRUNK_PROFILE !== 'release' || !staging) process.exit(0);
// Imported only now, so a debug build needs neither minifier nor tools/node_modules.
const terser = await import('terser');
const csso = await import('csso');

const minifyModule = async (text) => (await terser.minify(text, { module: true, compress: true, mangle: true })).code;

// What Trunk names the files after the binary and the style sheet, and the page's loader
// (www/loader.js, which Trunk copies as it is and names without a hash or an integrity
// attribute: see Trunk.toml); nothing else is touched.
const MINIFIERS = [
  { file: /^raftlab-[0-9a-f]+\.js$/, minify: minifyModule, integrity: true },
  { file: /^loader\.js$/, minify: minifyModule, integrity: false },
  { file: /^a11y\.js$/, minify: minifyModule, integrity: false },
  { file: /^i18n\.js$/, minify: minifyModule, integrity: false },
  { file: /^embed\.js$/, minify: minifyModule, integrity: false },
  { file: /^relayout\.js$/, minify: minifyModule, integrity: false },
  { file: /^welcome\.js$/, minify: minifyModule, integrity: false },
  // The second module's loader, glue and style sheets, fetched when first needed (no hashes:
  // the loader names them).
  { file: /^on-demand\.js$/, minify: minifyModule, integrity: false },
  { file: /^raftlab-on-demand\.js$/, minify: minifyModule, integrity: false },
  { file: /^(learn|present|spacetime)\.css$/, minify: async (text) => csso.minify(text, { restructure: false }).css, integrity: false },
  // No restructuring: rules keep their order, so the cascade is exactly the source's.
  { file: /^style-[0-9a-f]+\.css$/, minify: async (text) => csso.minify(text, { restructure: false }).css, integrity: true },
];

const sri = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;
const htmlPath = path.join(staging, 'index.html');
let html = await readFile(htmlPath, 'utf8');
for (const name of await readdir(staging)) {
  const minifier = MINIFIERS.find((m) => m.file.test(name));
  if (!minifier) continue;
  const file = path.join(staging, name);
  const source = await readFile(file, 'utf8');
  const minified = await minifier.minify(source);
  if (typeof minified !== 'string' || minified.length === 0) throw new Error(`minifying ${name} produced nothing`);
  // A hash this script cannot find would stay stale, and the browser would refuse the file:
  // fail the build instead. (No hash at all is fine: a build with SRI turned off.)
  const oldHash = sri(source);
  if (minifier.integrity && !html.includes(oldHash) && /integrity=/.test(html)) {
    throw new Error(`index.html has integrity hashes, but not ${name}'s (${oldHash})`);
  }
  html = html.split(oldHash).join(sri(minified));
  await writeFile(file, minified);
  console.log(`minify: ${name} ${source.length} -> ${minified.length} bytes`);
}
await writeFile(htmlPath, html);
