// Figure 2: the standard workload inside headless Chromium through the release wasm.
//
// The same cluster as Workload::standard (5 nodes, seed 42, latency 10-15 ms, heartbeat 50 ms,
// election 150-300 ms), paused so no frame runs the simulation, then one JS task that loops
// raftlab.advance(100) and one put per 100 simulated ms over 600 simulated s, timed with
// performance.now(). Puts go to S1 (the CLI sends to the leader it knows; here S1 redirects):
// the events count shows how close the two workloads are.
import { openApp, api, runWorkloadInPage, STANDARD_CONFIG } from './lib.mjs';

export const DURATION_MS = 600_000;

export async function simSpeedInBrowser(browser, url) {
  const { page, context } = await openApp(browser, url);
  try {
    await api(page, 'pause');
    await api(page, 'command', STANDARD_CONFIG);
    const start = await page.evaluate(() => window.raftlab.state().time_ms);
    const { wallMs, sent } = await runWorkloadInPage(page, { durationMs: DURATION_MS });
    const end = await page.evaluate(() => {
      const s = window.raftlab.state();
      return { timeMs: s.time_ms, events: s.stats.events, commits: s.stats.commits };
    });
    const simS = (end.timeMs - start) / 1000;
    return {
      simS,
      wallS: wallMs / 1000,
      simSPerWallS: simS / (wallMs / 1000),
      events: end.events,
      eventsPerS: end.events / (wallMs / 1000),
      sent,
      commits: end.commits,
    };
  } finally {
    await context.close();
  }
}
