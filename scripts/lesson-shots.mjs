#!/usr/bin/env node
// Key-moment screenshots of Learn mode's lessons: docs/screenshots/lessons/ID.png, 1440x900.
//
// How to run it (from the repository's root, against a release build of the page in dist/):
//
//   make build                                   # the release build into dist/
//   node scripts/lesson-shots.mjs                # all 11 lessons into docs/screenshots/lessons/
//   node scripts/lesson-shots.mjs commit quorum  # only these lessons
//   node scripts/lesson-shots.mjs --out /tmp/shots --trace membership
//   node scripts/lesson-shots.mjs --list         # each lesson's key moment, in words
//
// It imports tests/e2e/harness.mjs (its static server for dist/ and its headless Chromium), so it
// runs with tests/e2e's node_modules installed (`cd tests/e2e && npm ci`, or `make tools-test`):
// playwright-core driving Debian's /usr/bin/chromium (CHROMIUM=/path to use another); nothing is
// downloaded. All 11 take two to three minutes. Progress goes to stderr; the exit status is 1 if
// a lesson did not reach its key moment (the others are still taken).
//
// Options: --out DIR (default docs/screenshots/lessons); --speed X, the playback speed of the
// steps before the key one (default 0.5x; the key step has its own, in LESSONS); --timeout S,
// the wall-clock seconds a step may take (default 240); --trace, print the servers and the
// messages in flight each time they change while a mid-step moment is awaited (how to tune a
// test in LESSONS below); --list.
//
// How it follows a lesson (www/lessons/ID.txt, docs/lesson-format.md) as a learner would: at each
// step (the panel's data-lesson-step) it answers the step's question by clicking a server and
// presses Show me, both at one instant of the run (again a second later if Show me said it could
// not act yet), and waits until the simulator judges the step done (data-lesson-done="true"),
// where the page pauses. It then moves the run back to where the lesson test (tests/lessons.rs)
// would have found the step done, the first 10 ms mark at which its `until` holds (the page asks
// every 40 ms of wall-clock time, so it notices later by up to that times the speed), presses
// Next and pauses the run at once: the next step's actions come when the step before ended.
// A first step with an action starts with Back, which returns the run the page played while
// loading to time 0. So the run is the one the lesson test plays, the one the lessons' prose was
// checked against (`LESSON_TRACE=1 cargo test --test lessons -- --nocapture` prints it): a click
// a few simulated ms later can change who wins an election, and with it what the prose says.
// At the key step it takes the picture, either when the step is done (the panel shows the step's
// explanation) or, for a moment that passes before the step's condition holds (a message in
// flight, the joint configuration), the first time a test of the state JSON holds, pausing the
// run itself (the panel shows the step's instruction).
//
// Look at every picture before committing it: the key moment must be on the drawing and the
// lesson panel's text readable.

import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveDist, launchBrowser, openPage } from '../tests/e2e/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The key moment of each lesson, in teaching order.
//   step:    the step (from 1) whose moment is shot.
//   at:      'done' (when the step's condition holds: the page pauses there and shows the step's
//            explanation), or a function of the state JSON (window.raftlab.state()), run in the
//            page: the run is paused the first time it returns true, during that step.
//   answers: the server clicked to answer a step's question, by step number: a server id, or
//            'leader' (the leader at that moment; S1 if there is none). Default 'leader'.
//   linger:  by step number, a function of the state: after the step is done, the run plays on
//            until it holds (then pauses) before Next, as a learner told to watch would.
//   speed:   the playback speed during the key step (slow: a moment inside the step is looked
//            for every 20 ms of wall-clock time).
//   why:     what the picture shows (printed by --list).
const LESSONS = [
  {
    id: 'roles-and-terms',
    step: 3,
    at: 'done',
    answers: { 1: 2, 3: 5 },
    speed: 0.1,
    why: 'step 3 done: a new leader in term 2 while the old leader S2 is down',
  },
  {
    id: 'leader-election',
    step: 2,
    // The split vote: several candidates of one term at once, their vote requests half way.
    at: (s) => {
      const candidates = s.nodes.filter((n) => n.up && n.role === 'candidate');
      const term = Math.max(0, ...candidates.map((n) => n.term));
      const requests = s.in_flight.filter((m) => m.kind === 'request_vote' && m.term === term);
      return candidates.length >= 3 && requests.length >= 6 &&
        requests.every((m) => s.time_ms - m.sent_ms >= (m.deliver_ms - m.sent_ms) / 2);
    },
    answers: { 1: 1 },
    speed: 0.05,
    why: 'step 2, mid-step: four candidates of one term split the vote, their RequestVotes in flight',
  },
  {
    id: 'log-replication',
    step: 4,
    // An AppendEntries bringing the restarted S3 entries it missed, half way.
    at: (s) => {
      const s3 = s.nodes.find((n) => n.id === 3);
      const leader = s.nodes.find((n) => n.id === s.leader);
      return s3.up && leader && s3.last_log_index < leader.last_log_index && s.in_flight.some((m) =>
        m.kind === 'append_entries' && m.to === 3 && m.entries >= 1 && s.time_ms - m.sent_ms >= (m.deliver_ms - m.sent_ms) / 2);
    },
    speed: 0.05,
    why: 'step 4, mid-step: an AppendEntries carrying the entries the restarted S3 missed, on its way',
  },
  {
    id: 'commit',
    step: 3,
    // Some followers have learned the new commit index, the others' heartbeats are half way.
    at: (s) => {
      const leader = s.nodes.find((n) => n.id === s.leader);
      if (!leader) return false;
      const followers = s.nodes.filter((n) => n.up && n.id !== s.leader);
      const behind = followers.filter((n) => n.commit_index < leader.commit_index);
      return behind.length >= 1 && behind.length < followers.length &&
        behind.every((n) => s.in_flight.some((m) => m.to === n.id && (m.kind === 'heartbeat' || m.kind === 'append_entries') &&
          s.time_ms - m.sent_ms >= 0.4 * (m.deliver_ms - m.sent_ms)));
    },
    answers: { 2: 'leader' },
    speed: 0.05,
    why: 'step 3, mid-step: some followers learned the commit index from a heartbeat and applied x=1, the others\' heartbeats are on their way',
  },
  {
    id: 'quorum',
    step: 3,
    at: 'done',
    answers: { 4: 'leader' },
    speed: 0.1,
    why: 'step 3 done: 3 of 5 down, no leader, y=2 uncommitted (hatched) on the survivors',
  },
  {
    id: 'election-restriction',
    step: 6,
    at: 'done',
    answers: { 3: 3, 6: 4 },
    speed: 0.1,
    why: 'step 6 done: with the quirk on, S4 leads without x=1 and the checker flags Leader Completeness',
  },
  {
    id: 'figure8',
    step: 5,
    at: 'done',
    answers: { 5: 5 },
    speed: 0.1,
    why: 'step 5 done: S5 leads term 4 without x=1, which was stored on a majority but never committed',
  },
  {
    id: 'reads',
    step: 5,
    at: 'done',
    answers: { 3: 5 },
    speed: 0.1,
    why: 'step 5 done: the old leader S2 answered a local read with x=1 after x=2 committed; Linearizability flagged',
  },
  {
    id: 'prevote-checkquorum',
    step: 7,
    at: 'done',
    answers: { 4: 'leader' },
    // Step 6's explanation asks to watch S5 for a while: the run plays on until S5, cut off, has
    // timed out and become a pre-candidate (and is one still), then Next.
    linger: { 6: (s) => s.nodes.find((n) => n.id === 5).role === 'pre_candidate' },
    speed: 0.1,
    why: 'step 7 done: S5 rejoined in term 1 and caught up; S2 still leads term 1',
  },
  {
    id: 'log-compaction',
    step: 3,
    // An InstallSnapshot on its way to the restarted S5, half way across, before S5 has one.
    at: (s) => {
      const s5 = s.nodes.find((n) => n.id === 5);
      return s5.up && !s5.snapshot && s.in_flight.some((m) =>
        m.kind === 'install_snapshot' && m.to === 5 && s.time_ms - m.sent_ms >= (m.deliver_ms - m.sent_ms) / 2);
    },
    answers: { 3: 'leader' },
    speed: 0.05,
    why: 'step 3, mid-step: the leader sends the lagging S5 its snapshot (InstallSnapshot) in flight',
  },
  {
    id: 'membership',
    step: 7,
    // The joint configuration in use on the leader, while its entry C_old,new is on its way to
    // the followers. It lasts a round trip: the leader appends C_new as soon as C_old,new commits.
    at: (s) => {
      const leader = s.nodes.find((n) => n.id === s.leader);
      const up = (id) => s.nodes.some((n) => n.id === id && n.up);
      return Boolean(leader?.config?.joint) && s.in_flight.some((m) => m.kind === 'append_entries' && m.from === s.leader &&
        m.entries > 0 && up(m.to) && s.time_ms - m.sent_ms >= (m.deliver_ms - m.sent_ms) / 2);
    },
    answers: { 5: 3 },
    speed: 0.02,
    why: 'step 7, mid-step: the joint configuration C_old,new in use on the leader, its entry on the way to the followers',
  },
];

function parseArgs(argv) {
  const opts = { out: path.join(root, 'docs/screenshots/lessons'), speed: 0.5, timeoutS: 240, list: false, trace: false, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = path.resolve(argv[++i]);
    else if (a === '--speed') opts.speed = Number(argv[++i]);
    else if (a === '--timeout') opts.timeoutS = Number(argv[++i]);
    else if (a === '--list') opts.list = true;
    else if (a === '--trace') opts.trace = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/lesson-shots.mjs [--out DIR] [--speed X] [--timeout S] [--list] [--trace] [LESSON_ID ...]');
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else opts.only.push(a);
  }
  for (const id of opts.only) {
    if (!LESSONS.some((l) => l.id === id)) throw new Error(`no lesson ${id}: ${LESSONS.map((l) => l.id).join(', ')}`);
  }
  return opts;
}

const log = (...args) => console.error(...args);

/** The speed slider's position for `speed` (src/ui/controls.rs: logarithmic, 0.002x..20x, 1000 steps). */
const sliderPosition = (speed) => Math.round((Math.log(speed / 0.002) / Math.log(20 / 0.002)) * 1000);

async function setSpeed(page, speed) {
  await page.$eval(
    '.controls .speed input',
    (el, value) => {
      el.value = String(value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    sliderPosition(speed),
  );
}

const panel = (page) => page.locator('.lesson[data-lesson]');

async function panelState(page) {
  return page.evaluate(() => {
    const p = document.querySelector('.lesson[data-lesson]');
    if (!p) return null;
    const showMe = p.querySelector('[data-action="lesson-show-me"]');
    return {
      step: Number(p.dataset.lessonStep),
      done: p.dataset.lessonDone === 'true',
      total: p.querySelectorAll('.dots li').length,
      asks: Boolean(p.querySelector('.question .hint')) && !p.querySelector('.question .picked'),
      hasShowMe: Boolean(showMe),
      showMeEnabled: Boolean(showMe && !showMe.disabled),
      error: p.querySelector('.error')?.textContent ?? null,
    };
  });
}

/**
 * The learner's part of a step, at one instant of the run (one task in the page, so no simulated
 * time passes in between): the click on a server that answers the step's question, then Show me;
 * or, for a step with neither, just play (the driver paused the run when it pressed Next).
 * Returns what was done, and Show me's error if it could not act (checked after Yew's render).
 */
async function act(page, want) {
  const did = await page.evaluate((want) => {
    const panel = document.querySelector('.lesson[data-lesson]');
    const did = [];
    if (panel.querySelector('.question .hint')) {
      const id = want === 'leader' ? window.raftlab.state().leader ?? 1 : want;
      document.querySelector(`svg .node[data-node-id="${id}"]`).dispatchEvent(new MouseEvent('click', { bubbles: true }));
      did.push(`answered S${id}`);
    }
    const showMe = panel.querySelector('[data-action="lesson-show-me"]');
    if (showMe && !showMe.disabled) {
      showMe.click();
      did.push('Show me');
    }
    if (!did.length && panel.dataset.lessonDone !== 'true') {
      window.raftlab.play();
      did.push('play');
    }
    return did;
  }, want);
  await page.waitForTimeout(150);
  return { did, error: (await panelState(page)).error };
}

/** Next, and the run paused at once, so that the next step's actions come when this one ended. */
async function next(page) {
  await page.evaluate(() => {
    document.querySelector('.lesson [data-action="lesson-next"]').click();
    window.raftlab.pause();
  });
}

/** Waits, paused at the first instant `at(state)` holds: polled in the page, which pauses the run itself. */
async function pauseWhen(page, at, timeoutMs, trace) {
  try {
    await page.waitForFunction(
      ({ source, trace }) => {
        const test = (0, eval)(`(${source})`);
        const s = window.raftlab.state();
        if (trace) {
          // One line each time the servers or the messages in flight change (--trace).
          const line = [
            `leader ${s.leader}`,
            s.nodes.map((n) => `S${n.id}:${n.up ? n.role : 'down'}:t${n.term}:c${n.commit_index}:l${n.last_log_index}` +
              (n.snapshot ? `:snap${n.snapshot.index}` : '') + (n.config?.joint ? ':joint' : '')).join(' '),
            s.in_flight.map((m) => `${m.kind} ${m.from}>${m.to}`).join(', '),
          ].join(' | ');
          window.__shotTrace ??= [];
          if (window.__shotTrace.at(-1)?.line !== line) window.__shotTrace.push({ t: s.time_ms, line });
        }
        if (!test(s)) return false;
        window.raftlab.pause();
        return true;
      },
      { source: at.toString(), trace },
      { polling: 20, timeout: timeoutMs },
    );
  } finally {
    if (trace) {
      for (const { t, line } of await page.evaluate(() => window.__shotTrace ?? [])) log(`  ${t} ms: ${line}`);
    }
  }
}

/**
 * The picture: the mouse out of the way, rendering settled, and the side column scrolled so the
 * step's text ends above the panel's buttons (they stay in view, sticky, over a long text): by as
 * little as that needs, and never past the step's instruction (the lesson's title may scroll off).
 */
async function shoot(page, file) {
  await page.mouse.move(1438, 600);
  await page.evaluate(() => {
    const side = document.querySelector('.side');
    const panel = document.querySelector('.lesson[data-lesson]');
    if (!side || !panel) return;
    side.scrollTop = 0;
    const last = [...panel.querySelectorAll('.say, .question, .then, .waiting, .error')].at(-1);
    const actions = panel.querySelector('.actions');
    const say = panel.querySelector('.say');
    const view = side.getBoundingClientRect();
    const overflow = last.getBoundingClientRect().bottom + actions.getBoundingClientRect().height + 4 - view.bottom;
    if (overflow > 0) side.scrollTop = Math.min(overflow, say.getBoundingClientRect().top - view.top - 4);
  });
  await page.waitForTimeout(600);
  await page.screenshot({ path: file });
}

/** Each step's `until` condition (null for a step without one), from the lesson's file. */
function conditions(id) {
  for (const dir of ['dist/lessons', 'www/lessons']) {
    const file = path.join(root, dir, `${id}.txt`);
    if (!fs.existsSync(file)) continue;
    const steps = [];
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const text = line.trim();
      if (text === 'step') steps.push(null);
      else if (steps.length && text.startsWith('until ')) steps[steps.length - 1] = text.slice('until '.length);
    }
    return steps;
  }
  throw new Error(`no lessons/${id}.txt in dist/ or www/`);
}

/**
 * Moves the paused run to where the lesson test would have found the step done: the first
 * 10 ms mark from the step's start at which its condition holds (tests/lessons.rs advances
 * 10 ms at a time; the page asks every 40 ms of wall-clock time, later by up to that times the
 * speed). Returns that time.
 */
async function alignDone(page, condition, start) {
  return page.evaluate(({ condition, start }) => {
    const r = window.raftlab;
    const now = r.now().time_ms;
    const holds = (t) => {
      r.seek(t);
      return r.holds(condition).holds === true;
    };
    let t = start + Math.floor((now - start) / 10) * 10;
    if (!holds(t)) {
      r.seek(now);
      r.advance(t + 10 - now);
      return t + 10;
    }
    while (t - 10 >= start && holds(t - 10)) t -= 10;
    r.seek(t);
    return t;
  }, { condition, start });
}

async function runLesson(browser, server, lesson, opts) {
  const { page, errors, context } = await openPage(browser, `${server.url}?lesson=${lesson.id}&speed=${opts.speed}`, {
    viewport: { width: 1440, height: 900 },
  });
  try {
    await panel(page).waitFor({ timeout: 30000 });
    const until = conditions(lesson.id);
    const stepTimeout = opts.timeoutS * 1000;
    for (let step = 1; ; step++) {
      await page.waitForSelector(`.lesson[data-lesson-step="${step}"]`, { timeout: stepTimeout });
      const key = step === lesson.step;
      await setSpeed(page, key ? lesson.speed : opts.speed);
      const deadline = Date.now() + stepTimeout;
      if (step === 1 && (await panelState(page)).showMeEnabled) {
        // The page played the lesson's run while it loaded: Back returns it to the step's start,
        // where the learner's actions come (as the lesson test, tests/lessons.rs, plays it).
        // Only for a first step with an action: Back also drops the `at` lines of a lesson's
        // script that lie after the step's start (figure8, election-restriction), and the lesson
        // then never goes on.
        await page.evaluate(() => {
          document.querySelector('.lesson [data-action="lesson-back"]').click();
          window.raftlab.pause();
        });
        await page.waitForTimeout(100);
      }
      const total = (await panelState(page)).total;
      const start = step === 1 ? 0 : await page.evaluate(() => window.raftlab.now().time_ms);
      log(`${lesson.id}: step ${step} of ${total}${key ? ' (key step)' : ''}`);
      // A moment inside the key step is watched for from before the step's actions: some last
      // only a few simulated ms.
      const moment = key && lesson.at !== 'done' ? pauseWhen(page, lesson.at, Math.max(1000, deadline - Date.now()), opts.trace) : null;
      moment?.catch(() => {});
      for (let attempt = 1; ; attempt++) {
        const { did, error } = await act(page, lesson.answers?.[step] ?? 'leader');
        if (did.length) log(`  ${did.join(', ')}`);
        if (!error) break;
        // Show me could not act yet (no leader to crash, say): the run goes on; try again.
        if (Date.now() > deadline) throw new Error(`step ${step}: Show me keeps failing: ${error}`);
        log(`  Show me said "${error}"; trying again (${attempt})`);
        await page.evaluate(() => window.raftlab.play());
        await page.waitForTimeout(1000);
      }
      if (moment) {
        await moment;
        log(`  paused at ${(await page.evaluate(() => window.raftlab.state().time_ms))} ms`);
      } else {
        await page.waitForSelector(`.lesson[data-lesson-step="${step}"][data-lesson-done="true"]`, {
          timeout: Math.max(1000, deadline - Date.now()),
        });
        if (until[step - 1]) await alignDone(page, until[step - 1], start);
        const where = await page.evaluate(() => {
          const s = window.raftlab.state();
          const leader = s.nodes.find((n) => n.id === s.leader);
          const verdict = document.querySelector('.lesson [data-verdict]')?.textContent;
          return `${s.time_ms} ms, leader ${leader ? `S${leader.id} term ${leader.term}` : 'none'}${verdict ? `, ${verdict}` : ''}`;
        });
        log(`  done at ${where}`);
      }
      if (key) {
        const file = path.join(opts.out, `${lesson.id}.png`);
        await shoot(page, file);
        log(`  -> ${path.relative(process.cwd(), file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
        break;
      }
      const linger = lesson.linger?.[step];
      if (linger) {
        const watched = pauseWhen(page, linger, Math.max(1000, deadline - Date.now()), false);
        await page.evaluate(() => window.raftlab.play());
        await watched;
        log(`  watched until ${(await page.evaluate(() => window.raftlab.state().time_ms))} ms`);
      }
      await next(page);
    }
    if (errors.length) log(`  page errors: ${errors.join('; ')}`);
  } finally {
    await context.close();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const chosen = opts.only.length ? LESSONS.filter((l) => opts.only.includes(l.id)) : LESSONS;
  if (opts.list) {
    for (const l of chosen) console.log(`${l.id}: ${l.why}`);
    return;
  }
  fs.mkdirSync(opts.out, { recursive: true });
  const server = await serveDist();
  const browser = await launchBrowser();
  const failed = [];
  try {
    for (const lesson of chosen) {
      try {
        await runLesson(browser, server, lesson, opts);
      } catch (e) {
        log(`${lesson.id}: FAILED: ${e.message}`);
        failed.push(lesson.id);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (failed.length) {
    log(`failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
