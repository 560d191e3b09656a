// The space-time diagram (issue 15) in the release build: fetched with the second module when
// first shown (its button, the d key, ?view=spacetime), an election's votes as arrows with
// their kind, a click that seeks, the heartbeats filter, a hovered message read out, a client
// request's life, and a strict Content Security Policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, sharedBrowser, serveDist, launchBrowser, cspViolations } from './harness.mjs';

const shared = sharedBrowser();
const DIAGRAM = '[data-view="spacetime"]';
const state = (page) => page.evaluate(() => window.raftlab.state());

/** A paused run of seed 3 at 400 ms: S1 was elected in term 1 at about 190 ms, inside the
 *  diagram's first window (half a second). */
async function anElection(page) {
  await page.waitForSelector('svg [data-node-id]');
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.command({ cmd: 'config', seed: 3 });
    window.raftlab.advance(400);
  });
}

/** The diagram's window of time, as its drawing says. */
const shownWindow = (page) =>
  page.$eval(`${DIAGRAM} svg.st-svg`, (svg) => ({ from: Number(svg.dataset.fromMs), to: Number(svg.dataset.toMs) }));

test('the Space-time button fetches the diagram, which draws an election and its votes; the button hides it', async () => {
  const requests = [];
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  page.on('request', (r) => requests.push(new URL(r.url()).pathname.split('/').pop()));
  await anElection(page);
  assert.equal(await page.locator(DIAGRAM).count(), 0);
  assert.deepEqual(requests.filter((p) => /spacetime\.css|raftlab-on-demand/.test(p)), [], 'nothing fetched before it is shown');

  await page.click('[data-action="spacetime"]');
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="request_vote"]`, { timeout: 15000 });
  assert.deepEqual(
    requests.filter((p) => /spacetime\.css|raftlab-on-demand/.test(p)).sort(),
    ['raftlab-on-demand.js', 'raftlab-on-demand_bg.wasm', 'spacetime.css'],
  );
  assert.equal(await page.getAttribute('[data-action="spacetime"]', 'aria-pressed'), 'true');
  const s = await state(page);
  const votes = await page.$$eval(`${DIAGRAM} [data-msg-kind="request_vote"]`, (els) => els.length);
  assert.ok(votes >= 4, `a candidate asks the four others: ${votes} RequestVote arrows`);
  assert.ok((await page.locator(`${DIAGRAM} [data-msg-kind="request_vote_reply"]`).count()) >= 2, 'votes granted');
  assert.equal(await page.locator(`${DIAGRAM} .st-lane-name`).count(), 6, 'five server lanes and the clients');
  assert.equal(await page.locator(`${DIAGRAM} [data-lane-state="leader"]`).count(), 1, `S${s.leader}'s band as leader`);
  assert.equal(await page.getAttribute(`${DIAGRAM} .st-now`, 'data-now-ms'), String(s.time_ms), 'the now-line');
  // It takes the logs' place under the ring; the ring keeps its room.
  assert.equal(await page.isVisible('.lower'), false);
  assert.ok(await page.$eval('svg.cluster', (svg) => svg.getBoundingClientRect().height > 250));

  await page.click('[data-action="spacetime"]');
  await page.waitForSelector(DIAGRAM, { state: 'detached' });
  assert.equal(await page.getAttribute('[data-action="spacetime"]', 'aria-pressed'), 'false');
  assert.ok(await page.isVisible('.lower'), 'the logs are back');
  // The d key shows it again.
  await page.keyboard.press('d');
  await page.waitForSelector(DIAGRAM);
  assert.deepEqual(errors, []);
});

test('?view=spacetime opens the page with the diagram; a click on it seeks there, and pauses', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?view=spacetime`);
  await anElection(page);
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="request_vote"]`, { timeout: 15000 });
  await page.evaluate(() => window.raftlab.play());
  const { from, to } = await shownWindow(page);
  const box = await page.$eval(`${DIAGRAM} svg.st-svg`, (svg) => {
    const r = svg.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  });
  // A third of the way along the plot (which starts after the lane names).
  const plotLeft = 40;
  const plotWidth = box.width - plotLeft - 10;
  const x = box.left + plotLeft + plotWidth / 3;
  const expected = from + ((to - from) * (x - box.left - plotLeft)) / plotWidth;
  await page.mouse.click(x, box.top + box.height / 2);
  await page.waitForFunction((t) => Math.abs(window.raftlab.now().time_ms - t) < 30, expected, { timeout: 5000 });
  const after = await state(page);
  assert.ok(Math.abs(after.time_ms - expected) <= (to - from) / 100 + 2, `sought to ${after.time_ms} ms, clicked at ${expected} ms`);
  await page.waitForTimeout(200);
  assert.equal((await state(page)).time_ms, after.time_ms, 'paused there');
  assert.deepEqual(errors, []);
});

test('heartbeats are hidden until asked for; a hovered message is read out', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?view=spacetime`);
  await anElection(page);
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="request_vote"]`, { timeout: 15000 });
  assert.equal(await page.locator(`${DIAGRAM} [data-msg-kind="heartbeat"]`).count(), 0, 'no heartbeat at first');
  await page.check(`${DIAGRAM} [data-kind-filter="heartbeats"]`);
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="heartbeat"]`);
  await page.uncheck(`${DIAGRAM} [data-kind-filter="heartbeats"]`);
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="heartbeat"]`, { state: 'detached' });
  // Votes off, then on again.
  await page.uncheck(`${DIAGRAM} [data-kind-filter="votes"]`);
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="request_vote"]`, { state: 'detached' });
  await page.check(`${DIAGRAM} [data-kind-filter="votes"]`);

  await page.hover(`${DIAGRAM} [data-msg-kind="request_vote"] .st-hit`, { force: true });
  await page.waitForFunction(() => /RequestVote, term 1/.test(document.querySelector('.st-caption').textContent));
  assert.match(await page.textContent('.st-caption'), /S\d → S\d · RequestVote, term 1 · sent at \d+ ms · delivered at \d+ ms/);
  assert.deepEqual(errors, []);
});

test('a client request selected on the client lane shows its life across the lanes', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?view=spacetime`);
  await anElection(page);
  await page.evaluate(() => {
    const leader = window.raftlab.state().leader;
    window.raftlab.command({ cmd: 'put', key: 'x', value: '1', node: leader === 2 ? 3 : 2 });
    window.raftlab.advance(300);
  });
  await page.waitForSelector(`${DIAGRAM} .st-op.ok`, { timeout: 15000 });
  await page.click(`${DIAGRAM} .st-op.ok`);
  await page.waitForSelector('.st-life-list li');
  const steps = await page.$$eval('.st-life-list li', (els) => els.map((el) => el.textContent));
  const text = steps.join('\n');
  assert.match(text, /client 1 invokes put x=1/);
  assert.match(text, /S\d appends it to its log at index \d+/);
  assert.match(text, /S\d commits index \d+: a majority has it/);
  assert.match(text, /applies \d+ to its state machine/);
  assert.match(text, /answers client 1: ok/);
  assert.ok((await page.locator(`${DIAGRAM} .st-msg.life[data-msg-kind="append_entries"]`).count()) >= 2, 'its AppendEntries lit');
  assert.ok((await page.locator(`${DIAGRAM} .st-life-step`).count()) >= 5);
  assert.deepEqual(errors, []);
});

test('under a strict Content Security Policy the diagram draws and seeks, with no violation', async () => {
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
  const server = await serveDist({ headers: { 'Content-Security-Policy': csp } });
  const browser = await launchBrowser();
  try {
    const { page, errors, failed } = await openPage(browser, `${server.url}?view=spacetime`);
    await anElection(page);
    await page.waitForSelector(`${DIAGRAM} [data-msg-kind="request_vote"]`, { timeout: 15000 });
    // The style sheet applies (the leader's band is green, drawn by a class).
    const fill = await page.$eval(`${DIAGRAM} [data-lane-state="leader"] rect`, (r) => getComputedStyle(r).fill);
    assert.match(fill, /rgb\(0, 158, 115\)/);
    await page.click(`${DIAGRAM} svg.st-svg`, { position: { x: 60, y: 40 } });
    await page.waitForFunction(() => window.raftlab.now().time_ms < 100);
    assert.equal(await page.locator('[style]').count(), 0, 'no inline style attribute anywhere');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(errors, []);
    assert.deepEqual(failed, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
