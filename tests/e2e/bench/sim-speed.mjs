// Figure 2: the standard workload inside headless Chromium through the release wasm.
//
// Engine: the page's wasm runs `sim::bench::run_workload(Workload::standard())`, the very
// function `raftlab-cli bench` runs natively (exported by raftlab-bench.js, a wasm built beside
// the page's from the same release profile: src/bench_main.rs; timed inside with
// performance.now()). The first run is cold: V8 compiles wasm with its
// baseline compiler first and optimises hot functions while they run, which takes a few runs.
// The figure is the median of TIMED_RUNS runs after WARM_UP_RUNS, the steady speed a long
// session in the page runs at; the cold (first) run is printed too.
//
// Page API: the same workload driven from JS through window.raftlab (advance(100) and one put
// per 100 simulated ms, puts to S1, which redirects), which adds the cost of each call crossing
// into the wasm and of reading the command's JSON.
import { openApp, api, runWorkloadInPage, STANDARD_CONFIG } from './lib.mjs';

export const DURATION_MS = 600_000;

/** In the page: loads the benchmark's own wasm (once) and runs the standard workload. */
export async function benchStandardWorkload() {
  window.raftlabBench ??= import('./raftlab-bench.js').then(async (glue) => {
    await glue.default({ module_or_path: './raftlab-bench_bg.wasm' });
    return glue;
  });
  return (await window.raftlabBench).bench_standard_workload();
}
const WARM_UP_RUNS = 3;
const TIMED_RUNS = 5;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function simSpeedInBrowser(browser, url) {
  const { page, context } = await openApp(browser, url);
  try {
    await api(page, 'pause');
    const engineRuns = [];
    for (let i = 0; i < WARM_UP_RUNS + TIMED_RUNS; i++) {
      engineRuns.push(await page.evaluate(benchStandardWorkload));
    }
    const cold = engineRuns[0];
    const warm = engineRuns.slice(WARM_UP_RUNS);
    const engine = warm.find((r) => r.sim_s_per_wall_s === median(warm.map((w) => w.sim_s_per_wall_s)));

    await api(page, 'command', STANDARD_CONFIG);
    const start = await page.evaluate(() => window.raftlab.state().time_ms);
    const { wallMs, sent } = await runWorkloadInPage(page, { durationMs: DURATION_MS });
    const end = await page.evaluate(() => window.raftlab.state().time_ms);
    return {
      simSPerWallS: engine.sim_s_per_wall_s,
      eventsPerS: engine.events_per_wall_s,
      events: engine.events,
      wallS: engine.wall_s,
      coldSimSPerWallS: cold.sim_s_per_wall_s,
      warmRuns: warm.map((r) => r.sim_s_per_wall_s),
      traceHash: engine.trace_hash,
      apiSimSPerWallS: (end - start) / wallMs,
      apiSent: sent,
    };
  } finally {
    await context.close();
  }
}
