// The embedding kit (issue 16) as a documentation page meets it: Raftlab in an iframe announces
// `ready`, answers every postMessage that carries an id (errors included), reports its height,
// a new leader and a violation, shows the panels `panels=` names without scrolling at small
// sizes, takes its seed, speed, theme, autoplay and controls from the address, pauses while the
// frame is off screen, and three frames on one page run apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser } from './harness.mjs';

const shared = sharedBrowser();

/** A host page (about:blank) with Raftlab in a `width`x`height` frame under a tall spacer. */
async function host(query, { width = 640, height = 400, spacer = 0 } = {}) {
  const context = await shared.browser.newContext({ viewport: { width: 900, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The listener is in place before the frame loads: `ready` comes early.
  await page.setContent(`<!doctype html><body style="margin:0">
    <script>window.heard = []; addEventListener('message', (e) => e.data?.raftlab && window.heard.push(e.data.raftlab));</script>
    <iframe id="raftlab" src="${shared.server.url}${query}" width="${width}" height="${height}" style="border:0"></iframe>
    <div style="height:${spacer}px"></div></body>`);
  const frame = page.frameLocator('#raftlab');
  const inner = () => page.frame({ url: /embed/ });
  await frame.locator('svg [data-node-id]').first().waitFor({ timeout: 15000 });
  return { page, frame, inner, errors, close: () => context.close() };
}

/** Posts `message` into the frame and waits for the reply with its `id`. */
async function ask(page, message) {
  return page.evaluate(async (message) => {
    document.getElementById('raftlab').contentWindow.postMessage({ raftlab: message }, '*');
    for (let i = 0; i < 200; i += 1) {
      const reply = window.heard.find((m) => 'reply' in m && m.reply === message.id);
      if (reply) return reply;
      await new Promise((r) => setTimeout(r, 10));
    }
    return null;
  }, message);
}

test('ready, replies with ids (results and errors), state by message, and the height', async () => {
  const { page, errors, close } = await host('?embed&scenario=figure8');
  await page.waitForFunction(() => window.heard.some((m) => m.event === 'ready'));
  await page.waitForFunction(() => window.heard.some((m) => m.event === 'resize' && m.height > 0));

  assert.deepEqual(await ask(page, { call: 'pause', id: 1 }), { ok: true, reply: 1 });
  assert.deepEqual(await ask(page, { cmd: 'crash', node: 2, id: 'crash-2' }), { ok: true, reply: 'crash-2' });
  const bad = await ask(page, { cmd: 'crash', node: 42, id: 3 });
  assert.equal(bad.ok, false);
  assert.match(bad.error, /42/);
  const unknown = await ask(page, { call: 'explode', id: 4 });
  assert.equal(unknown.ok, false);
  assert.match(unknown.error, /unknown call explode/);
  const state = await ask(page, { call: 'state', id: 5 });
  assert.equal(state.ok, true);
  assert.equal(state.value.nodes.find((n) => n.id === 2).up, false, 'S2 is down, as asked');
  const holds = await ask(page, { call: 'holds', arg: 'leader', id: 6 });
  assert.equal(typeof holds.holds, 'boolean');
  // A message without an id is obeyed, and not answered.
  await page.evaluate(() => document.getElementById('raftlab').contentWindow.postMessage({ raftlab: { cmd: 'restart', node: 2 } }, '*'));
  const s = await ask(page, { call: 'state', id: 7 });
  assert.equal(s.value.nodes.find((n) => n.id === 2).up, true);
  assert.equal((await page.evaluate(() => window.heard.filter((m) => 'reply' in m).length)), 7);
  assert.deepEqual(errors, []);
  await close();
});

test('panels=logs,narration at 640x400, and the bare drawing at 360x300: all in view, no scrolling', async () => {
  for (const [query, width, height, shown, hidden] of [
    ['?embed&scenario=figure8&panels=logs,narration', 640, 400, ['.panel.logs', '.panel.narration .events li'], ['.topbar .tools', '.topbar .tagline', '.panel.kv', '.panel.safety']],
    ['?embed&scenario=leader-election', 360, 300, ['.controls [data-action="play-pause"]'], ['.panel.logs', '.panel.narration', '.notice']],
  ]) {
    const { inner, errors, close } = await host(query, { width, height });
    const frame = inner();
    for (const sel of shown) assert.ok(await frame.isVisible(sel), `${sel} is shown at ${width}x${height}`);
    for (const sel of hidden) assert.equal(await frame.isVisible(sel), false, `${sel} is hidden at ${width}x${height}`);
    const { scroll, drawing } = await frame.evaluate(() => ({
      scroll: [document.documentElement.scrollHeight - innerHeight, document.documentElement.scrollWidth - innerWidth],
      drawing: document.querySelector('svg.cluster').getBoundingClientRect().height,
    }));
    assert.deepEqual(scroll, [0, 0], `nothing scrolls at ${width}x${height}`);
    assert.ok(drawing >= height * 0.45, `the drawing is ${drawing} px of ${height}`);
    assert.deepEqual(errors, []);
    await close();
  }
});

test('off screen, the run pauses; back in view, it plays again', async () => {
  const { page, inner, close } = await host('?embed&scenario=leader-election', { spacer: 3000 });
  const frame = inner();
  const playing = () => frame.getAttribute('[data-action="play-pause"]', 'data-playing');
  await frame.evaluate(() => window.raftlab.play());
  assert.equal(await playing(), 'true');
  await page.evaluate(() => scrollTo(0, 2500));
  await frame.waitForSelector('[data-action="play-pause"][data-playing="false"]');
  const t = await frame.evaluate(() => window.raftlab.state().time_ms);
  await page.waitForTimeout(300);
  assert.equal(await frame.evaluate(() => window.raftlab.state().time_ms), t, 'time stands still off screen');
  await page.evaluate(() => scrollTo(0, 0));
  await frame.waitForSelector('[data-action="play-pause"][data-playing="true"]');
  await close();
});

test('events for the embedding page: a new leader, and a violation (Figure 8 with the quirk)', async () => {
  const { page, close } = await host('?embed&scenario=figure8-quirk');
  await page.waitForFunction(() => window.heard.some((m) => m.event === 'leader' && m.leader !== null), null, { timeout: 15000 });
  await page.waitForFunction(() => window.heard.some((m) => m.event === 'violation'), null, { timeout: 20000 });
  const violation = await page.evaluate(() => window.heard.find((m) => m.event === 'violation'));
  assert.match(violation.property, /Leader Completeness|State Machine Safety/);
  await close();
});

test('the address chooses the seed, speed, theme, autoplay and controls', async () => {
  const { inner, close } = await host('?embed&seed=77&speed=0.25&theme=dark&autoplay=0&controls=minimal');
  const frame = inner();
  const s = await frame.evaluate(() => window.raftlab.state());
  assert.equal(s.seed, 77);
  assert.equal(await frame.getAttribute('.app', 'data-theme'), 'dark');
  assert.equal(await frame.getAttribute('[data-action="play-pause"]', 'data-playing'), 'false');
  assert.match(await frame.textContent('.controls'), /0\.25×/);
  assert.equal(await frame.isVisible('[data-action="step-forward"]'), false, 'minimal controls');
  assert.ok(await frame.isVisible('[data-action="play-pause"]'));
  await close();
  const bare = await host('?embed&controls=none');
  assert.equal(await bare.inner().isVisible('.controls'), false);
  await bare.close();
});

test('three frames on one page run apart', async () => {
  const context = await shared.browser.newContext({ viewport: { width: 1300, height: 500 } });
  const page = await context.newPage();
  const src = (seed) => `${shared.server.url}?embed&seed=${seed}&autoplay=0`;
  await page.setContent(`<!doctype html><body style="margin:0">${[1, 2, 3]
    .map((seed) => `<iframe name="f${seed}" src="${src(seed)}" width="420" height="320"></iframe>`)
    .join('')}</body>`);
  const frames = [1, 2, 3].map((seed) => page.frame({ name: `f${seed}` }));
  for (const f of frames) await f.waitForSelector('svg [data-node-id]');
  // Each frame has its own simulation: crash S1 in the second only, run each a different time.
  await frames[1].evaluate(() => window.raftlab.command({ cmd: 'crash', node: 1 }));
  for (const [i, f] of frames.entries()) await f.evaluate((ms) => window.raftlab.advance(ms), 500 * (i + 1));
  const states = [];
  for (const f of frames) states.push(await f.evaluate(() => window.raftlab.state()));
  assert.deepEqual(states.map((s) => s.seed), [1, 2, 3]);
  assert.deepEqual(states.map((s) => s.time_ms), [500, 1000, 1500]);
  assert.deepEqual(states.map((s) => s.nodes[0].up), [true, false, true]);
  await context.close();
});

test('a preset pauses where its script ends, says so, and tells the embedding page', async () => {
  const { page, inner, close } = await host('?embed&scenario=leader-crash&speed=4');
  await page.waitForFunction(() => window.heard.some((m) => m.event === 'scenario_done'), null, { timeout: 20000 });
  const done = await page.evaluate(() => window.heard.find((m) => m.event === 'scenario_done'));
  const frame = inner();
  const s = await frame.evaluate(() => window.raftlab.state());
  assert.equal(s.time_ms, done.time_ms, 'paused exactly at the end of the script');
  assert.equal(await frame.getAttribute('[data-action="play-pause"]', 'data-playing'), 'false');
  await close();
});
