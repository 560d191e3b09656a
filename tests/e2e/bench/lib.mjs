// Shared pieces of the browser benchmarks: the page, the speed slider, a Chrome trace and
// small statistics. The server and the browser come from ../harness.mjs.
import { openPage } from '../harness.mjs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens the app and waits for the first drawn cluster. */
export async function openApp(browser, url) {
  const opened = await openPage(browser, url);
  await opened.page.locator('svg [data-node-id]').first().waitFor({ timeout: 30000 });
  opened.cdp = await opened.context.newCDPSession(opened.page);
  return opened;
}

/** Calls window.raftlab[name](arg) and throws if it answers {ok: false}. */
export async function api(page, name, arg) {
  const result = await page.evaluate(([n, a]) => window.raftlab[n](a), [name, arg]);
  if (result && result.ok === false) throw new Error(`raftlab.${name}(${JSON.stringify(arg)}): ${result.error}`);
  return result;
}

// The speed slider (src/ui/controls.rs): logarithmic, 0..1000 from 0.002x to 20x.
const MIN_SPEED = 0.002;
const MAX_SPEED = 20;
const SLIDER_STEPS = 1000;
export const sliderFor = (speed) =>
  Math.round((SLIDER_STEPS * Math.log(speed / MIN_SPEED)) / Math.log(MAX_SPEED / MIN_SPEED));
export const speedAt = (pos) => MIN_SPEED * (MAX_SPEED / MIN_SPEED) ** (pos / SLIDER_STEPS);

/** Moves the speed slider as a person would; returns the speed it lands on (1x -> 1.002x). */
export async function setSpeed(page, speed) {
  const pos = sliderFor(speed);
  await page.locator('.controls .speed input').fill(String(pos));
  return speedAt(pos);
}

/** The standard workload's cluster (src/sim/bench.rs, Workload::standard). */
export const STANDARD_CONFIG = {
  cmd: 'config',
  nodes: 5,
  seed: 42,
  latency_ms: [10, 15],
  heartbeat_ms: 50,
  election_ms: [150, 300],
};

/**
 * Runs `durationMs` simulated ms inside the page, one put every `everyMs` (to the node the
 * client last saw as leader, S1 at first; a redirect finds the leader), synchronously in one
 * task so no frame is drawn in between. Returns the wall time from performance.now().
 */
export async function runWorkloadInPage(page, { durationMs, everyMs = 100 }) {
  return page.evaluate(
    ([durationMs, everyMs]) => {
      const r = window.raftlab;
      let sent = 0;
      const t0 = performance.now();
      for (let t = everyMs; t <= durationMs; t += everyMs) {
        r.advance(everyMs);
        if (r.command({ cmd: 'put', key: `k${sent % 10}`, value: String(sent), node: 1 }).ok) sent += 1;
      }
      const wallMs = performance.now() - t0;
      return { wallMs, sent };
    },
    [durationMs, everyMs],
  );
}

// ---- Chrome tracing (CDP Tracing domain) -------------------------------------------------

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel'];

/** Starts a trace; `await stop()` ends it and resolves to the list of trace events. */
export async function startTrace(cdp) {
  const events = [];
  const onData = ({ value }) => events.push(...value);
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordContinuously' },
  });
  return async function stop() {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    cdp.off('Tracing.dataCollected', onData);
    return events;
  };
}

/** Complete events ('X', or 'B'/'E' pairs) of the page's renderer main thread. */
export function mainThreadEvents(events) {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  // The page's renderer is the one whose main thread ran the most tasks.
  let best = null;
  let bestCount = -1;
  for (const m of mains) {
    const count = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.name === 'RunTask').length;
    if (count > bestCount) [best, bestCount] = [m, count];
  }
  if (!best) return [];
  const own = events.filter((e) => e.pid === best.pid && e.tid === best.tid);
  const out = [];
  const open = new Map();
  for (const e of own) {
    if (e.ph === 'X') out.push({ name: e.name, ts: e.ts, dur: e.dur ?? 0, args: e.args });
    else if (e.ph === 'B') open.set(e.name, e);
    else if (e.ph === 'E' && open.has(e.name)) {
      const b = open.get(e.name);
      open.delete(e.name);
      out.push({ name: b.name, ts: b.ts, dur: e.ts - b.ts, args: b.args });
    }
  }
  return out.sort((a, b) => a.ts - b.ts);
}

/** Trace events that are the page running script (nested ones are merged, not double counted). */
const SCRIPT_EVENTS = new Set([
  'FireAnimationFrame',
  'FunctionCall',
  'TimerFire',
  'EventDispatch',
  'RunMicrotasks',
  'EvaluateScript',
  'v8.evaluateModule',
  'V8.Execute',
]);

function mergedIntervals(list) {
  const sorted = list.map((e) => [e.ts, e.ts + e.dur]).sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [s, t] of sorted) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], t);
    else merged.push([s, t]);
  }
  return merged;
}

/**
 * Scripting time per animation frame: a frame runs from one FireAnimationFrame to the next and
 * counts every script event in that span (the rAF callback, the microtasks Yew renders in,
 * timers and input events). Returns one number of ms per frame.
 */
export function scriptMsPerFrame(main) {
  const frames = main.filter((e) => e.name === 'FireAnimationFrame').map((e) => e.ts);
  const script = mergedIntervals(main.filter((e) => SCRIPT_EVENTS.has(e.name)));
  const perFrame = [];
  let j = 0;
  for (let i = 0; i + 1 < frames.length; i++) {
    const [start, end] = [frames[i], frames[i + 1]];
    let sum = 0;
    while (j < script.length && script[j][1] <= start) j++;
    for (let k = j; k < script.length && script[k][0] < end; k++) {
      sum += Math.min(script[k][1], end) - Math.max(script[k][0], start);
    }
    perFrame.push(sum / 1000);
  }
  return { perFrame, frameSpanMs: frames.length > 1 ? (frames[frames.length - 1] - frames[0]) / 1000 : 0 };
}

/** Wall ms of self time per trace event name (a coarse profile of where frames go). */
export function topEvents(main, n = 5) {
  const totals = new Map();
  for (const e of main) totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, n);
}

// ---- statistics and formatting -----------------------------------------------------------

export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
export const median = (values) => quantile(values, 0.5);
export const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
