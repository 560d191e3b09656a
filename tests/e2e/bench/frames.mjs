// Figures 5 and 8: main-thread scripting time per animation frame at 1x speed (5c: with the
// space-time diagram open).
//
// How: a CDP trace (Tracing domain, devtools.timeline) of the page's renderer main thread.
// A frame spans from one FireAnimationFrame event to the next; its scripting time is the
// union of the script events inside it (the rAF callback, the microtasks Yew renders in,
// timers, input events). The CDP Performance domain's ScriptDuration / number of frames is
// printed beside it as a cross-check (a mean, not a distribution).
import { openApp, api, setSpeed, STANDARD_CONFIG, runWorkloadInPage, sleep, startTrace, mainThreadEvents, scriptMsPerFrame, topEvents, median, quantile, fmt } from './lib.mjs';

const WARM_UP_MS = 1500;
const MEASURE_MS = 8000;

async function perfMetrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** Traces `ms` of wall time of a playing page and summarises its frames. */
export async function measureFrames(page, cdp, ms = MEASURE_MS) {
  await cdp.send('Performance.enable');
  const before = await perfMetrics(cdp);
  const stop = await startTrace(cdp);
  await sleep(ms);
  const events = await stop();
  const after = await perfMetrics(cdp);
  const main = mainThreadEvents(events);
  const { perFrame, frameSpanMs } = scriptMsPerFrame(main);
  const scriptS = after.ScriptDuration - before.ScriptDuration;
  return {
    frames: perFrame.length,
    fps: frameSpanMs > 0 ? (perFrame.length * 1000) / frameSpanMs : 0,
    median: median(perFrame),
    p95: quantile(perFrame, 0.95),
    max: Math.max(...perFrame),
    perfMeanMs: perFrame.length ? (scriptS * 1000) / perFrame.length : NaN,
    top: topEvents(main.filter((e) => e.name !== 'RunTask' && e.name !== 'ThreadControllerImpl::RunTask')),
  };
}

export const describe = (m) =>
  `median ${fmt(m.median, 2)} ms, p95 ${fmt(m.p95, 2)} ms, max ${fmt(m.max, 1)} ms per frame ` +
  `(${m.frames} frames, ${fmt(m.fps, 0)} fps; CDP ScriptDuration mean ${fmt(m.perfMeanMs, 2)} ms)`;

/** Figure 5a: the standard workload's 5-node cluster (no writes) playing at 1x. */
export async function frames5(browser, url) {
  const { page, cdp, context } = await openApp(browser, url);
  try {
    await api(page, 'command', STANDARD_CONFIG);
    await setSpeed(page, 1);
    await api(page, 'play');
    await sleep(WARM_UP_MS);
    return await measureFrames(page, cdp);
  } finally {
    await context.close();
  }
}

/** Figure 5b: 7 nodes, 10% loss, 20 client writes per second (a page timer, every 50 ms). */
export async function framesStress(browser, url) {
  const { page, cdp, context } = await openApp(browser, url);
  try {
    await api(page, 'command', { cmd: 'config', nodes: 7, seed: 1 });
    await api(page, 'command', { cmd: 'drop_rate', p: 0.1 });
    await setSpeed(page, 1);
    await api(page, 'play');
    await page.evaluate(() => {
      let n = 0;
      window.__benchWriter = setInterval(() => {
        window.raftlab.command({ cmd: 'put', key: `k${n % 10}`, value: String(n), node: 1 + (n % 7) });
        n += 1;
      }, 50);
    });
    await sleep(WARM_UP_MS);
    return await measureFrames(page, cdp);
  } finally {
    await context.close();
  }
}

/** Figure 8: 10,000 writes committed first (issued through window.raftlab), then 1x. */
export async function framesLongLog(browser, url, entries = 10000) {
  const { page, cdp, context } = await openApp(browser, url);
  try {
    await api(page, 'pause');
    await api(page, 'command', STANDARD_CONFIG);
    const setup = await page.evaluate((entries) => {
      const r = window.raftlab;
      const t0 = performance.now();
      for (let i = 0; i < entries; i++) {
        r.command({ cmd: 'put', key: `k${i % 100}`, value: String(i), node: 1 });
        r.advance(20);
      }
      r.advance(2000);
      const s = r.state();
      const leader = s.nodes.find((n) => n.id === s.leader) ?? s.nodes[0];
      return { ms: performance.now() - t0, logLen: leader.log.length, commit: leader.commit_index };
    }, entries);
    await setSpeed(page, 1);
    await api(page, 'play');
    await sleep(WARM_UP_MS);
    return { ...(await measureFrames(page, cdp)), setup };
  } finally {
    await context.close();
  }
}

/**
 * Figure 5c: the space-time diagram on a 10-minute run (the standard workload: a write every
 * 100 ms, issued through window.raftlab), then 1x: frames with the diagram closed, open (its
 * default: heartbeats hidden, half a second shown), and open with heartbeats shown. Also the
 * wall time from the click on its button to its first drawing (the second module fetched, the
 * run replayed in it).
 */
export async function framesSpacetime(browser, url) {
  const { page, cdp, context } = await openApp(browser, url);
  try {
    await api(page, 'pause');
    await api(page, 'command', STANDARD_CONFIG);
    const setup = await runWorkloadInPage(page, { durationMs: 600000, everyMs: 100 });
    await setSpeed(page, 1);
    await api(page, 'play');
    await sleep(WARM_UP_MS);
    const closed = await measureFrames(page, cdp);
    const clicked = Date.now();
    await page.click('[data-action="spacetime"]');
    await page.waitForSelector('[data-view="spacetime"] [data-lane-state]', { timeout: 60000 });
    const openMs = Date.now() - clicked;
    await sleep(WARM_UP_MS);
    const open = await measureFrames(page, cdp);
    await page.check('[data-view="spacetime"] [data-kind-filter="heartbeats"]');
    await sleep(WARM_UP_MS);
    const heartbeats = await measureFrames(page, cdp);
    const arrows = await page.locator('[data-view="spacetime"] [data-msg-kind]').count();
    return { closed, open, heartbeats, openMs, arrows, setup };
  } finally {
    await context.close();
  }
}

/**
 * Figure 5, Learn mode's judging: since session 9 a lesson step's condition is judged on the
 * second module's own copy of the run (`window.raftlab.holds`), which follows the page. The
 * standard workload's 10-minute run at 1x, frames without judging, then with `holds` asked every
 * 40 ms as Learn mode asks it (src/on_demand/app.rs, JUDGE_EVERY_MS), and the time of one call.
 */
export async function framesLearnJudging(browser, url) {
  const { page, cdp, context } = await openApp(browser, url);
  try {
    await api(page, 'pause');
    await api(page, 'command', STANDARD_CONFIG);
    await runWorkloadInPage(page, { durationMs: 600000, everyMs: 100 });
    await page.evaluate(() => window.raftlabLoad());
    await setSpeed(page, 1);
    await api(page, 'play');
    await sleep(WARM_UP_MS);
    const without = await measureFrames(page, cdp);
    await page.evaluate(() => {
      window.judgeTimes = [];
      window.judging = setInterval(() => {
        const t = performance.now();
        window.raftlab.holds('value x=1 on all live nodes');
        window.judgeTimes.push(performance.now() - t);
      }, 40);
    });
    await sleep(WARM_UP_MS);
    const judging = await measureFrames(page, cdp);
    const times = await page.evaluate(() => {
      clearInterval(window.judging);
      return window.judgeTimes.slice(5);
    });
    return { without, judging, callMedian: median(times), callP95: quantile(times, 0.95), calls: times.length };
  } finally {
    await context.close();
  }
}
