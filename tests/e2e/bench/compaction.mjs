// Figure 9 (issue 12): a 30-minute run of the standard cluster with a write every simulated
// second, once with log compaction (snapshot_every=100) and once without. For each: the longest
// log any node held (looked at once a simulated minute), the wasm heap after the run (the high-water mark, as in
// figure 7), and the script time per frame when the page then plays at 1x.
import { openApp, api, setSpeed, sleep, STANDARD_CONFIG } from './lib.mjs';
import { measureFrames } from './frames.mjs';
import { KEEP_MEMORY, RUN_MS } from './timetravel.mjs';

export const WRITE_EVERY_MS = 1000;

export async function longRun(browser, url, snapshotEvery) {
  const { page, cdp, context } = await openApp(browser, url);
  try {
    await page.addInitScript(KEEP_MEMORY);
    await page.reload();
    await page.locator('svg [data-node-id]').first().waitFor({ timeout: 30000 });
    await api(page, 'pause');
    await api(page, 'command', { ...STANDARD_CONFIG, snapshot_every: snapshotEvery });
    // The workload, looking at every node's log once a simulated minute.
    const run = await page.evaluate(
      ([durationMs, everyMs]) => {
        const r = window.raftlab;
        let sent = 0;
        let longest = 0;
        const t0 = performance.now();
        for (let t = everyMs; t <= durationMs; t += everyMs) {
          r.advance(everyMs);
          if (r.command({ cmd: 'put', key: `k${sent % 10}`, value: String(sent), node: 1 }).ok) sent += 1;
          if (t % 60000 === 0) longest = Math.max(longest, ...r.state().nodes.map((n) => n.log.length));
        }
        const wallMs = performance.now() - t0;
        const commit = Math.max(...r.state().nodes.map((n) => n.commit_index));
        return { wallMs, sent, longest, commit };
      },
      [RUN_MS, WRITE_EVERY_MS],
    );
    const heap = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? NaN);
    await setSpeed(page, 1);
    await api(page, 'play');
    await sleep(1500);
    const frames = await measureFrames(page, cdp);
    return { ...frames, longest: run.longest, commit: run.commit, heap, sent: run.sent, runWallS: run.wallMs / 1000 };
  } finally {
    await context.close();
  }
}
