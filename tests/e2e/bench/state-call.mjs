// Figure 10: what one `window.raftlab.state()` costs an embedding page or a test, after the
// standard workload has run 10 simulated minutes: the call alone (the state built in the
// simulator and handed over as plain JS values through serde-wasm-bindgen, docs/size.md S5),
// median and p95 of 100 calls, and the size of the state as JSON text.
import { openApp, api, runWorkloadInPage, STANDARD_CONFIG, median, quantile } from './lib.mjs';

export async function stateCall(browser, url, calls = 100) {
  const { page, context } = await openApp(browser, url);
  try {
    await api(page, 'pause');
    await api(page, 'command', STANDARD_CONFIG);
    await runWorkloadInPage(page, { durationMs: 10 * 60 * 1000 });
    const { times, bytes } = await page.evaluate((calls) => {
      const times = [];
      let state = null;
      for (let i = 0; i < calls; i++) {
        const t0 = performance.now();
        state = window.raftlab.state();
        times.push(performance.now() - t0);
      }
      return { times, bytes: JSON.stringify(state).length };
    }, calls);
    return { median: median(times), p95: quantile(times, 0.95), bytes };
  } finally {
    await context.close();
  }
}
