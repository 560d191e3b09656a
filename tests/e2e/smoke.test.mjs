import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, sharedBrowser } from './harness.mjs';
import { benchStandardWorkload } from './bench/sim-speed.mjs';

const shared = sharedBrowser();

test('the page loads without console errors and draws five nodes as SVG', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  const nodes = page.locator('svg [data-node-id]');
  await nodes.first().waitFor({ timeout: 15000 });
  const ids = await nodes.evaluateAll((els) => els.map((el) => el.getAttribute('data-node-id')));
  assert.deepEqual(ids.sort(), ['1', '2', '3', '4', '5']);
  assert.deepEqual(errors, []);
});

test('the release wasm (raftlab-bench, built beside the page) runs the benchmark workload to the same trace as the native build', async () => {
  const { page, context } = await openPage(shared.browser, shared.server.url);
  try {
    await page.waitForSelector('svg [data-node-id]');
    const report = await page.evaluate(benchStandardWorkload);
    // tests/sim_bench.rs records the same hash for the native build.
    assert.equal(report.trace_hash, '0x2a5a515d763dd6d2');
    assert.equal(report.simulated_s, 600);
    assert.equal(report.writes_sent, 6000);
    assert.ok(report.wall_s > 0 && report.sim_s_per_wall_s > 0, JSON.stringify(report));
  } finally {
    await context.close();
  }
});
