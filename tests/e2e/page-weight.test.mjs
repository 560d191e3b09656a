// Page weight: everything the page loads (HTML, JS, wasm, CSS, icons), gzip -9. Deterministic for
// a given build, so it is a test. Issue 6's budget is 200 KB (BUDGET_BYTES); `make bench` prints
// the figure against it. The page does not meet it and cannot with this design: built without
// any view at all (engine, page API, scenario parser and checkers only) it already weighs
// 178.9 KB, which would leave 21 KB for a UI that takes 55 (README, "Benchmarks"). The weight
// went 283.6 KB (2026-11-25 morning) -> 250.5 (that evening) -> 234.7 (2026-11-29). This test
// holds a ceiling just above today's weight so the page cannot grow unnoticed; lower
// CEILING_BYTES as the page shrinks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser } from './harness.mjs';
import { pageWeight, BUDGET_BYTES } from './bench/weight.mjs';

const CEILING_BYTES = 238 * 1024;

const shared = sharedBrowser();

test('the page weight stays under its ceiling (on the way to the 200 KB budget)', async () => {
  const weight = await pageWeight(shared.browser, shared.server.url);
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  const list = weight.files.map((f) => `  ${f.path}: ${kb(f.gzip)} gzip (${kb(f.raw)} raw)`).join('\n');
  assert.ok(weight.files.some((f) => f.path.endsWith('.wasm')), `no wasm among the responses:\n${list}`);
  assert.ok(CEILING_BYTES >= BUDGET_BYTES);
  assert.ok(
    weight.gzip <= CEILING_BYTES,
    `the page is ${kb(weight.gzip)} gzipped, over its ${kb(CEILING_BYTES)} ceiling (budget ${kb(BUDGET_BYTES)}):\n${list}`,
  );
});
