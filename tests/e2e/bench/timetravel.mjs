// Figure 7: time travel over a 30-minute run (the standard workload: 5 nodes, a put every
// 100 simulated ms, run in one task while paused).
//  - seek: 20 seeded-random points of the run; per point, the raftlab.seek() call alone, and
//    seek plus Yew's re-render and a forced layout (until a setTimeout(0) task after it).
//  - wasm heap: WebAssembly.Memory.buffer.byteLength of the app's wasm instance (Trunk's
//    TrunkApplicationStarted event hands out the exports, `memory` among them), at start-up
//    and after the run. Linear memory only grows, so this is the high-water mark.
import { openApp, api, runWorkloadInPage, STANDARD_CONFIG, median } from './lib.mjs';

export const RUN_MS = 30 * 60 * 1000;

export const KEEP_MEMORY = () => {
  addEventListener('TrunkApplicationStarted', (e) => {
    window.__wasmMemory = e.detail?.wasm?.memory;
  });
};

export async function timeTravel(browser, url, points = 20) {
  const { page, context } = await openApp(browser, url);
  try {
    await page.addInitScript(KEEP_MEMORY);
    await page.reload();
    await page.locator('svg [data-node-id]').first().waitFor({ timeout: 30000 });
    const heapAtStart = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? NaN);
    await api(page, 'pause');
    await api(page, 'command', STANDARD_CONFIG);
    const run = await runWorkloadInPage(page, { durationMs: RUN_MS });
    const seeks = await page.evaluate(
      async ([runMs, points]) => {
        let x = 12345;
        const random = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
        const out = [];
        for (let i = 0; i < points; i++) {
          const t = Math.floor(random() * runMs);
          const t0 = performance.now();
          window.raftlab.seek(t);
          const t1 = performance.now();
          await new Promise((resolve) => setTimeout(resolve, 0));
          void document.body.offsetHeight;
          out.push({ t, seekMs: t1 - t0, withRenderMs: performance.now() - t0 });
        }
        return out;
      },
      [RUN_MS, points],
    );
    const heapAfter = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? NaN);
    return {
      runWallS: run.wallMs / 1000,
      seekMedian: median(seeks.map((s) => s.seekMs)),
      seekMax: Math.max(...seeks.map((s) => s.seekMs)),
      renderMedian: median(seeks.map((s) => s.withRenderMs)),
      renderMax: Math.max(...seeks.map((s) => s.withRenderMs)),
      heapAtStart,
      heapAfter,
    };
  } finally {
    await context.close();
  }
}
