// Page weight: everything the page loads (HTML, JS, wasm, CSS, icons), gzip -9. Deterministic for
// a given build, so it is a test. The budget is 260 KB (BUDGET_BYTES, since 2026-12-01; it was
// 200 KB, out of reach for this design: README, "Benchmarks"); `make bench` prints the figure
// against it. The weight went 283.6 KB (2026-11-25 morning) -> 250.5 (that evening) -> 234.7
// (2026-11-29) -> 238.4 (2026-12-01, the simulator reshaped) -> 243.8 (log compaction, the fourth
// of Raft's sub-problems: +5.4 KB) -> 248.2 (2026-12-02, its UI: the snapshot block, card,
// glyph and setting, +3.8 KB) -> 253.0 (membership change in the Raft core, +4.5 KB) -> 250.4 (the preset
// scenarios fetched when asked for instead of compiled in: -7.2 KB of text, +4.6 KB of fetching
// code that lessons will share) -> 252.0 (accessibility, issue 16: www/a11y.js, the live
// narration, +1.6 KB after the drawing's glyphs stopped being components) -> 253.7 (the
// narration's grouped commits and refused votes, the membership review's fixes, +1.1 KB) -> 257.8
// (membership change in the simulator: its commands, the configuration in the state, +3.9 KB) -> 259.3
// (2026-12-02, this test's measure: Learn mode as a module of its own, fetched when opened; the
// page gained only the judging of conditions and the slot, +5.8 KB, and gave back 5.3 KB: the
// Talc allocator, one B-tree fewer, conditions judged without their words) -> 253.9 (Settings and
// the keyboard help moved to the second module too, -5.7 KB) -> 257.0 (membership change in the
// drawing and the cards, +1.7 KB; the embedding kit's replies, ready and layout, +1.1 KB) -> 259.8
// (the Configuration Overlap invariant in the page's checker, +1.7 KB). This test holds a
// ceiling a few KB above today's weight so the page cannot grow unnoticed (it caught an f64
// formatted in an error message, +9 KB, on 2026-12-01): raise it on purpose, with the reason in
// the commit, when a feature needs the room.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser } from './harness.mjs';
import { pageWeight, BUDGET_BYTES } from './bench/weight.mjs';

// A few KB above today's weight, so that growth is noticed: raise it on purpose, with the reason
// in the commit. 242.0 KB once the scenario parser left the page, 250.7 KB with the page's words
// and the narration in both languages (docs/size.md, "Session 9").
const CEILING_BYTES = 254 * 1024;

const shared = sharedBrowser();

test('the page weight stays under its ceiling, within the 260 KB budget', async () => {
  const weight = await pageWeight(shared.browser, shared.server.url);
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  const list = weight.files.map((f) => `  ${f.path}: ${kb(f.gzip)} gzip (${kb(f.raw)} raw)`).join('\n');
  assert.ok(weight.files.some((f) => f.path.endsWith('.wasm')), `no wasm among the responses:\n${list}`);
  assert.ok(CEILING_BYTES <= BUDGET_BYTES);
  assert.ok(
    weight.gzip <= CEILING_BYTES,
    `the page is ${kb(weight.gzip)} gzipped, over its ${kb(CEILING_BYTES)} ceiling (budget ${kb(BUDGET_BYTES)}):\n${list}`,
  );
});
