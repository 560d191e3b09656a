// Preset scenarios from the picker, the safety panel catching a teaching quirk, settings, and
// the promise that nothing animates while paused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, sharedBrowser } from './harness.mjs';

const shared = sharedBrowser();

test('a preset from the picker runs: Figure 8 with the quirk is caught by the safety panel', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await page.waitForSelector('svg [data-node-id]');
  await page.click('[data-action="scenarios"]');
  // The presets are fetched when the picker opens (they are not part of the first download).
  await page.waitForSelector('.preset-list [data-preset]');
  assert.equal(await page.locator('.dialog .loading').count(), 0, 'loaded');
  const presets = await page.locator('.preset-list [data-preset]').count();
  assert.ok(presets >= 10, `the picker lists the presets (${presets})`);
  assert.equal(await page.locator('.preset-list .broken').count(), 0, 'every preset parses');
  await page.click('[data-preset="figure8-quirk"]');
  await page.evaluate(() => window.raftlab.pause());
  // S5 overwrites S2's and S3's index 2: the log view strikes the lost entries out for a moment.
  let sawTruncation = false;
  for (let t = 0; t < 1500; t += 20) {
    await page.evaluate(() => window.raftlab.advance(20));
    sawTruncation ||= (await page.locator('.log-grid .truncated, .log-grid .replaced').count()) > 0;
  }
  assert.ok(sawTruncation, 'the overwritten entries were shown as truncated');
  const bad = await page.$$eval('.safety li.bad', (lis) => lis.map((li) => li.dataset.property));
  assert.ok(bad.includes('State Machine Safety'), `State Machine Safety is crossed out: ${bad}`);
  assert.match(await page.textContent('.safety .violation'), /violated/);
  assert.ok((await page.locator('svg .node.flagged').count()) > 0, 'the servers involved are highlighted');
  assert.ok((await page.locator('.log-grid .flagged').count()) > 0, 'the entries involved are outlined');
  assert.deepEqual(errors, []);
});

test('a violation pauses a playing run', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?scenario=figure8-quirk`);
  await page.waitForSelector('svg [data-node-id]');
  // Play fast until the checker fires; the page pauses itself.
  await page.evaluate(() => window.raftlab.play());
  await page.$eval('.controls .speed input', (el) => {
    el.value = '900';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForSelector('.safety li.bad', { timeout: 20000 });
  await page.waitForTimeout(200);
  const label = await page.$eval('[data-action="play-pause"]', (b) => b.getAttribute('aria-label'));
  assert.match(label, /^Play/, 'paused');
  assert.match(await page.textContent('[data-notice]'), /Paused: .* was violated/);
  assert.deepEqual(errors, []);
});

test('settings restart the cluster with seven servers and PreVote', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await page.waitForSelector('svg [data-node-id]');
  await page.click('[data-action="settings"]');
  await page.click('.settings [role="radio"]:has-text("7 servers")');
  await page.check('.settings input[type="checkbox"] >> nth=0');
  await page.click('[data-action="apply-settings"]');
  assert.equal(await page.locator('svg [data-node-id]').count(), 7);
  const config = await page.evaluate(() => window.raftlab.state());
  assert.equal(config.nodes.length, 7);
  assert.deepEqual(errors, []);
});

test('nothing animates while paused', async () => {
  const { page, errors, context } = await openPage(shared.browser, 'about:blank');
  await context.addInitScript(() => {
    window.__frames = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => {
      window.__frames += 1;
      return raf(cb);
    };
  });
  await page.goto(shared.server.url);
  await page.waitForSelector('svg [data-node-id]');
  await page.waitForTimeout(300);
  assert.ok(await page.evaluate(() => window.__frames) > 5, 'frames run while playing');
  const timeAtPause = await page.evaluate(() => {
    window.raftlab.pause();
    return window.raftlab.state().time_ms;
  });
  await page.waitForTimeout(100);
  const before = await page.evaluate(() => window.__frames);
  await page.waitForTimeout(700);
  assert.equal(await page.evaluate(() => window.__frames), before, 'no animation frames while paused');
  assert.equal(await page.evaluate(() => window.raftlab.state().time_ms), timeAtPause);
  assert.deepEqual(errors, []);
});

test('an embedding page drives the app in an iframe through postMessage', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}embed-example.html`);
  const frame = page.frameLocator('#raftlab');
  await frame.locator('svg [data-node-id]').first().waitFor();
  assert.equal(await frame.locator('.topbar .tools').isVisible(), false, 'embedded: no chrome');
  await page.click('button:has-text("Pause")');
  await page.click('button:has-text("Crash S1")');
  await frame.locator('svg .node[data-node-id="1"][data-role="crashed"]').waitFor({ timeout: 5000 });
  assert.deepEqual(errors, []);
});

test('a stale read is caught by the live linearizability check', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?scenario=stale-local-read`);
  await page.waitForSelector('svg [data-node-id]');
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.advance(3900);
  });
  assert.equal(await page.locator('.safety li.bad').count(), 0, 'nothing is wrong before the stale read');
  assert.match(await page.textContent('.kv .verdict'), /linearizable so far/);
  await page.evaluate(() => window.raftlab.advance(600));
  assert.equal(await page.locator('.safety li.bad[data-property="Linearizability"]').count(), 1);
  assert.match(await page.textContent('.kv .verdict'), /not linearizable/);
  assert.deepEqual(errors, []);
});

test('a preset looks the same however a moment is reached: play, seek or steps', async () => {
  const open = async () => {
    const { page, errors } = await openPage(shared.browser, `${shared.server.url}?scenario=figure8`);
    await page.waitForSelector('svg [data-node-id]');
    await page.evaluate(() => window.raftlab.pause());
    return { page, errors };
  };
  const summary = (s) => ({
    t: s.time_ms,
    leader: s.leader,
    terms: s.nodes.map((n) => n.term),
    partitions: s.network.partitions,
    history: s.history.map((h) => h.invoke_ms),
  });
  // The run as played: it starts at 0 only once the page is paused, so play is `advance` here.
  const played = await open();
  const atOneSecond = await played.page.evaluate(() => {
    window.raftlab.seek(0);
    window.raftlab.advance(1000);
    return window.raftlab.state();
  });
  assert.equal(atOneSecond.leader, 5, 'S5 leads term 4 at 1 s');
  const sought = await open();
  const bySeek = await sought.page.evaluate(() => {
    window.raftlab.seek(1000);
    return window.raftlab.state();
  });
  assert.deepEqual(summary(bySeek), summary(atOneSecond));
  // Steps from 290 ms: the partition at 300 ms and the put at 310 ms each happen at their time
  // (one press used to jump from 290 ms to 330 ms and leave both for later).
  const stepped = await open();
  await stepped.page.evaluate(() => window.raftlab.seek(290));
  const times = [];
  let state = null;
  for (let i = 0; i < 30 && (state === null || state.time_ms < 310); i += 1) {
    await stepped.page.keyboard.press('ArrowRight');
    state = await stepped.page.evaluate(() => window.raftlab.state());
    times.push(state.time_ms);
    if (state.time_ms >= 300) assert.ok(state.network.partitions.length > 0, `partitioned at ${state.time_ms} ms`);
  }
  assert.equal(times[0], 300, `the first step from 290 ms is the partition at 300 ms: ${times}`);
  assert.equal(state.time_ms, 310, `steps reach 310 ms: ${times}`);
  assert.equal(state.history[0]?.invoke_ms, 310, 'the put is invoked at 310 ms');
  for (const { errors } of [played, sought, stepped]) assert.deepEqual(errors, []);
});

test('a preset from the address pauses at the end of its script and says so', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?scenario=leader-crash&speed=4`);
  await page.waitForSelector('[data-notice]:has-text("Scenario done")', { timeout: 20000 });
  // leader-crash.txt expects seven things; its run, the script's own, meets them.
  assert.match(await page.textContent('[data-notice]'), /Scenario done at \d+(\.\d+)? s: 7 of 7 expectations met/);
  assert.equal(await page.getAttribute('[data-action="play-pause"]', 'data-playing'), 'false');
  // Play goes on past the end.
  const t = await page.evaluate(() => window.raftlab.state().time_ms);
  await page.click('[data-action="play-pause"]');
  await page.waitForFunction((t) => window.raftlab.state().time_ms > t + 50, t);
  assert.deepEqual(errors, []);
});

test('a preset whose run was changed says its expectations were not judged', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?scenario=leader-crash&speed=4`);
  await page.waitForFunction(() => window.raftlab?.state().time_ms > 200);
  // A command of the person's own: the run is no longer the script's.
  assert.deepEqual(await page.evaluate(() => window.raftlab.command({ cmd: 'drop_rate', p: 0.2 })), { ok: true });
  await page.waitForSelector('[data-notice]:has-text("Scenario done")', { timeout: 20000 });
  assert.match(await page.textContent('[data-notice]'), /the run was changed, so its expectations were not judged/);
  assert.deepEqual(errors, []);
});
