// `make bench`: one line per figure of issue 6, with its budget beside it. Timings are printed,
// never asserted. Run from tests/e2e: `node bench/run.mjs [figure numbers...]` (default: all).
// Needs the release build in dist/ (`make build`).
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { serveDist, launchBrowser } from '../harness.mjs';
import { nativeBench } from './native.mjs';
import { simSpeedInBrowser } from './sim-speed.mjs';
import { pageWeight, BUDGET_BYTES, STRETCH_BYTES } from './weight.mjs';
import { startUp } from './startup.mjs';
import { frames5, framesStress, framesLongLog, framesSpacetime, framesLearnJudging, describe } from './frames.mjs';
import { idleCost } from './idle.mjs';
import { timeTravel, RUN_MS } from './timetravel.mjs';
import { longRun } from './compaction.mjs';
import { stateCall } from './state-call.mjs';
import { fmt, kb } from './lib.mjs';

const wanted = new Set(process.argv.slice(2).map(Number));
const want = (n) => wanted.size === 0 || wanted.has(n);
const mb = (bytes) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
const int = (x) => Math.round(x).toLocaleString('en-US');
const verdict = (ok) => (ok ? 'ok' : 'MISSED');

function line(figure, what, budget) {
  console.log(`${figure.padEnd(22)} ${what}\n${''.padEnd(22)}   budget: ${budget}`);
}

const chromium = (() => {
  try {
    return execFileSync(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'chromium (version unknown)';
  }
})();
console.log(`Raftlab benchmarks: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${chromium}, node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}`);

let native = null;
if (want(1) || want(2)) {
  native = nativeBench();
  if (want(1)) {
    if (native.error) line('1 sim speed, native', `not available yet (${native.error})`, '>= 5,000 simulated s per wall s');
    else
      line(
        '1 sim speed, native',
        `${int(native.simSPerWallS)} simulated s/wall s, ${int(native.eventsPerS)} events/s (${int(native.events)} events; median of runs ${native.runs.map(int).join(', ')})`,
        `>= 5,000 simulated s/wall s ... ${verdict(native.simSPerWallS >= 5000)}`,
      );
  }
}

const server = await serveDist();
const browser = await launchBrowser();
try {
  if (want(2)) {
    const s = await simSpeedInBrowser(browser, server.url);
    const ratio = native?.simSPerWallS ? native.simSPerWallS / s.simSPerWallS : NaN;
    const same = native?.traceHash ? (native.traceHash === s.traceHash ? 'same trace as native' : `trace ${s.traceHash} differs from native ${native.traceHash}!`) : '';
    line(
      '2 sim speed, browser',
      `${int(s.simSPerWallS)} simulated s/wall s, ${int(s.eventsPerS)} events/s (${int(s.events)} events, ${same}); ` +
        (Number.isFinite(ratio) ? `native is ${fmt(ratio, 2)}x faster` : 'native not available') +
        `\n${''.padEnd(22)}   median of runs ${s.warmRuns.map(int).join(', ')} after 3 warm-up runs; first (cold) run ${int(s.coldSimSPerWallS)}; ` +
        `through window.raftlab calls ${int(s.apiSimSPerWallS)}`,
      `within 2x of native ... ${Number.isFinite(ratio) ? verdict(ratio <= 2) : 'n/a'}`,
    );
  }
  if (want(3)) {
    const w = await pageWeight(browser, server.url);
    const parts = w.files.map((f) => `${f.path.replace(/^\//, '') || 'index.html'} ${kb(f.gzip)}`).join(', ');
    line(
      '3 page weight',
      `${kb(w.gzip)} gzip -9 (${kb(w.raw)} raw): ${parts}`,
      `260 KB gzip, stretch 200 KB ... ${w.gzip <= STRETCH_BYTES ? 'ok (stretch met)' : verdict(w.gzip <= BUDGET_BYTES)}`,
    );
  }
  if (want(4)) {
    const s = await startUp(browser, server.url);
    line(
      '4 start-up',
      `${fmt(s.median, 0)} ms median from navigation to first drawn node (loads: ${s.times.map((t) => fmt(t, 0)).join(', ')} ms)`,
      'none set in issue 6 (printed for reference)',
    );
  }
  if (want(5)) {
    const normal = await frames5(browser, server.url);
    line('5 frame cost, 5 nodes', describe(normal), 'none set in issue 6; a 60 fps frame is 16.7 ms in all');
    const stress = await framesStress(browser, server.url);
    line('5 frame cost, stress', `${describe(stress)}; 7 nodes, 10% loss, 20 writes/s`, 'none set in issue 6; a 60 fps frame is 16.7 ms in all');
    const st = await framesSpacetime(browser, server.url);
    line(
      '5 frame cost, space-time',
      `a 10-minute run (a write every 100 ms), at 1x: diagram closed ${describe(st.closed)}\n` +
        `${''.padEnd(22)}   open (heartbeats hidden): ${describe(st.open)}\n` +
        `${''.padEnd(22)}   open, heartbeats shown (${st.arrows} arrows): ${describe(st.heartbeats)}\n` +
        `${''.padEnd(22)}   opening it on that run: ${fmt(st.openMs, 0)} ms from the click to its first drawing (module fetched, run replayed)`,
      'none set (issue 15: only the window shown is drawn)',
    );
    const learn = await framesLearnJudging(browser, server.url);
    line(
      '5 frame cost, Learn',
      `the same run at 1x, lesson steps judged on the second module's copy: not judging ${describe(learn.without)}\n` +
        `${''.padEnd(22)}   holds() every 40 ms: ${describe(learn.judging)}\n` +
        `${''.padEnd(22)}   one holds() call: median ${fmt(learn.callMedian, 2)} ms, p95 ${fmt(learn.callP95, 2)} ms (${learn.calls} calls)`,
      'none set',
    );
  }
  if (want(6)) {
    const i = await idleCost(browser, server.url);
    const show = (c) => `${fmt(c.rafPerS, 1)} rAF/s, ${fmt(c.timersPerS, 1)} timers/s (${fmt(c.tasksPerS, 1)} main-thread tasks/s)`;
    const zero = (c) => c.rafPerS === 0 && c.timersPerS === 0;
    line('6 idle cost', `paused: ${show(i.paused)}; hidden: ${show(i.hidden)}; [playing: ${show(i.playing)}]`, `zero ... ${verdict(zero(i.paused) && zero(i.hidden))}`);
  }
  if (want(7)) {
    const t = await timeTravel(browser, server.url);
    line(
      '7 time travel',
      `seek in a ${RUN_MS / 60000}-min run: median ${fmt(t.seekMedian, 1)} ms, max ${fmt(t.seekMax, 1)} ms ` +
        `(with re-render: median ${fmt(t.renderMedian, 1)}, max ${fmt(t.renderMax, 1)} ms); ` +
        `wasm heap ${mb(t.heapAfter)} after the run (${mb(t.heapAtStart)} at start; run took ${fmt(t.runWallS, 1)} s)`,
      'none set in issue 6 (DESIGN: memory stays bounded on long runs)',
    );
  }
  if (want(8)) {
    const l = await framesLongLog(browser, server.url);
    line(
      '8 long log',
      `${describe(l)}; leader log ${int(l.setup.logLen)} entries shown, commit index ${int(l.setup.commit)}`,
      'none set in issue 6; a 60 fps frame is 16.7 ms in all',
    );
  }
  if (want(9)) {
    const show = (r) =>
      `longest log ${int(r.longest)} entries (commit ${int(r.commit)}), wasm heap ${mb(r.heap)}, ` +
      `frame median ${fmt(r.median, 2)} / p95 ${fmt(r.p95, 2)} ms (${fmt(r.fps, 0)} fps)`;
    const compacted = await longRun(browser, server.url, 100);
    const whole = await longRun(browser, server.url, 0);
    line(
      '9 compaction, 30 min',
      `a write every second, snapshot_every=100: ${show(compacted)}\n${''.padEnd(22)}   without compaction: ${show(whole)}`,
      `every log below a few hundred entries ... ${verdict(compacted.longest < 300)}`,
    );
  }
  if (want(10)) {
    const s = await stateCall(browser, server.url);
    line(
      '10 state() call',
      `${fmt(s.median, 2)} ms median / ${fmt(s.p95, 2)} ms p95 per window.raftlab.state() after 10 simulated minutes (state ${kb(s.bytes)} as JSON)`,
      'none set (printed to hold the serde-wasm-bindgen choice, docs/size.md S5)',
    );
  }
} finally {
  await browser.close();
  await server.close();
}
