// What a person sees and does on the page: elections, crashes, partitions, client writes,
// time travel, shared links and the keyboard — checked through the drawing's data attributes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, sharedBrowser } from './harness.mjs';

const shared = sharedBrowser();

/** A paused page on a fresh cluster with a fixed seed. */
async function freshCluster(options = {}) {
  const opened = await openPage(shared.browser, shared.server.url);
  const { page } = opened;
  await page.waitForSelector('svg [data-node-id]');
  await page.evaluate((config) => {
    window.raftlab.pause();
    const result = window.raftlab.command({ cmd: 'config', seed: 11, ...config });
    if (!result.ok) throw new Error(result.error);
  }, options);
  return opened;
}

const advance = (page, ms) => page.evaluate((ms) => window.raftlab.advance(ms), ms);
const command = (page, cmd) => page.evaluate((cmd) => window.raftlab.command(cmd), cmd);
const drawnLeaders = (page) =>
  page.$$eval('svg .node[data-role="leader"]', (els) => els.map((el) => Number(el.dataset.nodeId)));
const drawnRoles = (page) =>
  page.$$eval('svg .node', (els) => Object.fromEntries(els.map((el) => [el.dataset.nodeId, el.dataset.role])));

test('a leader appears, and after it crashes a new one is elected', async () => {
  const { page, errors } = await freshCluster();
  await advance(page, 2000);
  const [first, ...others] = await drawnLeaders(page);
  assert.ok(first, 'a leader is drawn');
  assert.deepEqual(others, [], 'exactly one leader');

  // Crash it the way a person does: click the server, then "Crash".
  await page.click(`svg .node[data-node-id="${first}"]`);
  await page.click('.node-card [data-action="crash"]');
  assert.equal((await drawnRoles(page))[first], 'crashed');
  await advance(page, 3000);
  const leaders = await drawnLeaders(page);
  assert.equal(leaders.length, 1);
  assert.notEqual(leaders[0], first);
  assert.deepEqual(errors, []);
});

test('a partition: the majority elects and commits, the stale leader in the minority cannot', async () => {
  const { page, errors } = await freshCluster();
  await advance(page, 2000);
  const [old] = await drawnLeaders(page);
  const minority = [old, old === 1 ? 2 : 1];
  const majority = [1, 2, 3, 4, 5].filter((n) => !minority.includes(n));
  assert.equal((await command(page, { cmd: 'partition', groups: [minority, majority] })).ok, true);
  await advance(page, 3000);

  const roles = await drawnRoles(page);
  const newLeader = majority.find((n) => roles[n] === 'leader');
  assert.ok(newLeader, `one of ${majority} leads: ${JSON.stringify(roles)}`);
  assert.equal((await command(page, { cmd: 'put', key: 'k', value: 'majority', node: newLeader })).ok, true);
  assert.equal((await command(page, { cmd: 'put', key: 'k', value: 'minority', node: old })).ok, true);
  // Less than the client's retry timeout (1 s): the write is still stuck at the stale leader.
  await advance(page, 600);

  const state = await page.evaluate(() => window.raftlab.state());
  const byId = Object.fromEntries(state.nodes.map((n) => [n.id, n]));
  for (const n of majority) assert.equal(byId[n].kv.k, 'majority', `S${n} applied the majority's write`);
  for (const n of minority) assert.notEqual(byId[n].kv.k, 'minority', `S${n} never applied the minority's write`);
  const oldLog = byId[old].log;
  const stale = oldLog.find((e) => e.text.includes('minority'));
  if (stale) assert.ok(stale.index > byId[old].commit_index, 'the stale leader could not commit it');
  assert.equal(state.invariants.ok, true);
  assert.deepEqual(errors, []);
});

test('a put through the client box reaches every server\'s key-value panel', async () => {
  const { page, errors } = await freshCluster();
  await advance(page, 2000);
  await page.fill('.kv .client input[aria-label="Key"]', 'color');
  await page.fill('.kv .client input[aria-label="Value"]', 'blue');
  await page.click('.kv [data-action="client-put"]');
  await advance(page, 1000);
  const cells = await page.$$eval('.kv-table td[data-key="color"]', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(cells, ['blue', 'blue', 'blue', 'blue', 'blue']);
  const history = await page.textContent('.kv .history');
  assert.match(history, /color/);
  assert.deepEqual(errors, []);
});

test('the timeline scrubs back and forward, and steps one event at a time', async () => {
  const { page, errors } = await freshCluster();
  await advance(page, 3000);
  const clock = () => page.$eval('[data-sim-time]', (el) => Number(el.dataset.simTime));
  const at3000 = await page.evaluate(() => window.raftlab.state());
  assert.equal(await clock(), 3000);

  await page.$eval('.scrubber', (el) => {
    el.value = '500';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  assert.equal(await clock(), 500);
  assert.ok((await page.evaluate(() => window.raftlab.state())).nodes.every((n) => n.term <= at3000.nodes[0].term));

  await page.$eval('.scrubber', (el) => {
    el.value = '3000';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const again = await page.evaluate(() => window.raftlab.state());
  assert.deepEqual(again.nodes, at3000.nodes, 'scrubbing back to 3 s shows exactly the same cluster');

  const before = await clock();
  await page.click('[data-action="step-forward"]');
  const afterForward = await clock();
  assert.ok(afterForward >= before, 'a step forward never goes back in time');
  const stepped = await page.evaluate(() => window.raftlab.state().stats.events);
  assert.equal(stepped, again.stats.events + 1, 'a step forward is exactly one event');
  await page.click('[data-action="step-back"]');
  assert.equal(await page.evaluate(() => window.raftlab.state().stats.events), again.stats.events);
  assert.deepEqual(errors, []);
});

test('a shared link reproduces the same run', async () => {
  const { page, errors } = await freshCluster();
  await advance(page, 1500);
  await command(page, { cmd: 'put', key: 'a', value: '1', node: 2 });
  await advance(page, 400);
  await command(page, { cmd: 'crash', node: 3 });
  await advance(page, 700);
  const original = await page.evaluate(() => window.raftlab.state());
  await page.click('[data-action="share"]');
  const url = page.url();
  assert.match(url, /#run=/);

  const { page: other, errors: otherErrors } = await openPage(shared.browser, url);
  await other.waitForSelector('svg [data-node-id]');
  const replayed = await other.evaluate(() => window.raftlab.state());
  assert.equal(replayed.time_ms, original.time_ms);
  assert.deepEqual(replayed.nodes, original.nodes);
  assert.deepEqual(replayed.history, original.history);
  assert.deepEqual(errors, []);
  assert.deepEqual(otherErrors, []);
});

test('a malformed link shows a clear message and starts a normal cluster', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}#run=%7B%22config%22%3A%7B%22nodes%22%3A42%7D%7D`);
  await page.waitForSelector('svg [data-node-id]');
  const notice = await page.textContent('[data-notice]');
  assert.match(notice, /link could not be opened/i);
  assert.match(notice, /nodes/);
  assert.equal(await page.locator('svg [data-node-id]').count(), 5);
  assert.deepEqual(errors, []);
});

test('keyboard: space pauses and plays, arrows step, digits select, c crashes, ? lists the keys', async () => {
  const { page, errors } = await freshCluster();
  await advance(page, 1000);
  const playing = () => page.$eval('[data-action="play-pause"]', (b) => b.getAttribute('aria-label').startsWith('Pause'));
  assert.equal(await playing(), false);
  await page.keyboard.press('Space');
  assert.equal(await playing(), true);
  await page.keyboard.press('.');
  assert.equal(await playing(), false);

  const events = () => page.evaluate(() => window.raftlab.state().stats.events);
  const before = await events();
  await page.keyboard.press('ArrowRight');
  assert.equal(await events(), before + 1);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await events(), before);

  await page.keyboard.press('2');
  await page.keyboard.press('c');
  assert.equal((await drawnRoles(page))['2'], 'crashed');
  await page.keyboard.press('c');
  assert.notEqual((await drawnRoles(page))['2'], 'crashed');

  await page.keyboard.press('?');
  assert.match(await page.textContent('.dialog.help'), /pause \/ play/);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.dialog').count(), 0);
  await page.keyboard.press('?');
  await page.mouse.click(5, 400); // on the dimmed page beside the dialog
  assert.equal(await page.locator('.dialog').count(), 0, 'a click beside a dialog closes it');
  assert.deepEqual(errors, []);
});

test('bad API calls return clear errors and change nothing', async () => {
  const { page, errors } = await freshCluster();
  await advance(page, 1000);
  const before = await page.evaluate(() => window.raftlab.state());
  const results = await page.evaluate(() => [
    window.raftlab.command({ cmd: 'crash', node: 9 }),
    window.raftlab.command({ cmd: 'drop_rate', p: 1.5 }),
    window.raftlab.command({ cmd: 'explode' }),
    window.raftlab.command(42),
    window.raftlab.advance(-5),
    // The page alone takes a scenario as a trace; its text needs the second module.
    window.raftlab.load('cluster nodes=5\nat 1s crash S2'),
    window.raftlab.load({ raftlab_trace: 1, seed: 1, config: {}, commands: [{ at_ms: 5, cmd: 'crash', node: 9 }] }),
    window.raftlab.watch(7),
  ]);
  assert.match(results[5].error, /second module: await window\.raftlabLoad\(\) first/);
  assert.match(results[6].error, /commands\[0\]/);
  // With the second module, the text is read, and its errors name the line.
  const scenarioErrors = await page.evaluate(async () => {
    await window.raftlabLoad();
    return [
      window.raftlab.load('cluster nodes=5\nat 1s crash S9'),
      window.raftlab.watch('cluster nodes=5\nat 1s crash S9'),
    ];
  });
  for (const r of [...results, ...scenarioErrors]) {
    assert.equal(r.ok, false);
    assert.equal(typeof r.error, 'string');
    assert.ok(r.error.length > 5, r.error);
  }
  assert.match(scenarioErrors[0].error, /line 2/);
  assert.match(scenarioErrors[1].error, /line 2/);
  const after = await page.evaluate(() => window.raftlab.state());
  assert.deepEqual(after, before);
  // postMessage with junk is ignored; with a command it is applied.
  await page.evaluate(() => {
    window.postMessage('junk', '*');
    window.postMessage({ raftlab: 7 }, '*');
    window.postMessage({ raftlab: { cmd: 'crash', node: 4 } }, '*');
  });
  await page.waitForFunction(() => window.raftlab.state().nodes[3].up === false);
  assert.deepEqual(errors, []);
});

test('partitions from the drawing and the network panel, and Heal all', async () => {
  const { page, errors } = await freshCluster();
  await advance(page, 500);
  // Click the S1–S2 link: cut both ways; click again: cut one way only.
  await page.click('svg .link[data-link="1-2"] .hit', { force: true });
  assert.equal(await page.getAttribute('svg .link[data-link="1-2"]', 'data-link-state'), 'cut');
  await page.click('svg .link[data-link="1-2"] .hit', { force: true });
  assert.equal(await page.getAttribute('svg .link[data-link="1-2"]', 'data-link-state'), 'oneway');

  await page.click('.splitter .chip:has-text("S4")');
  await page.click('.splitter .chip:has-text("S5")');
  await page.click('[data-action="split"]');
  const network = (await page.evaluate(() => window.raftlab.state())).network;
  assert.deepEqual(network.partitions, [[1, 2, 3], [4, 5]]);
  assert.equal(await page.getAttribute('svg .link[data-link="3-4"]', 'data-link-state'), 'cut');
  assert.equal(await page.getAttribute('svg .link[data-link="4-5"]', 'data-link-state'), 'healthy');

  await page.click('[data-action="heal"]');
  const healed = await page.$$eval('svg .link', (links) => links.map((l) => l.dataset.linkState));
  assert.ok(healed.every((s) => s === 'healthy'), healed.join(' '));
  assert.deepEqual(errors, []);
});

test('long logs scroll back to their first entries; m selects a message that Enter can drop', async () => {
  const { page, errors } = await freshCluster();
  await advance(page, 1500);
  await page.evaluate(() => {
    const leader = window.raftlab.state().leader;
    for (let i = 0; i < 80; i += 1) {
      window.raftlab.command({ cmd: 'put', key: `k${i % 5}`, value: String(i), node: leader });
      window.raftlab.advance(20);
    }
    window.raftlab.advance(500);
  });
  const firstShown = () => page.$eval('.log-grid tbody tr:first-child td[data-index]', (td) => Number(td.dataset.index));
  assert.ok((await firstShown()) > 1, 'the newest entries are shown');
  await page.$eval('.log-window input', (el) => {
    el.value = el.min;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  assert.equal(await firstShown(), 1, 'scrolled back to the first entry');

  // Keyboard only: m selects a message in flight, Tab reaches the card's Drop button.
  await page.evaluate(() => {
    while (window.raftlab.state().in_flight.length === 0) window.raftlab.advance(1);
  });
  await page.keyboard.press('m');
  const id = Number(await page.getAttribute('svg .msg.selected', 'data-msg-id'));
  await page.focus('.message-card [data-action="drop"]');
  await page.keyboard.press('Enter');
  const inFlight = await page.evaluate(() => window.raftlab.state().in_flight.map((m) => m.id));
  assert.ok(!inFlight.includes(id), `message ${id} was dropped`);
  assert.equal(await page.locator('svg .msg.dying').count(), 1, 'the dropped message visibly dies');
  assert.deepEqual(errors, []);
});

test('random loss: lost messages are drawn, faint, vanish half way and never arrive', async () => {
  const { page, errors } = await freshCluster();
  await advance(page, 2000);
  assert.equal((await drawnLeaders(page)).length, 1);
  // Loss at 100% from the network panel's slider would stop at 50%; use the API.
  assert.deepEqual(await command(page, { cmd: 'drop_rate', p: 1 }), { ok: true });
  await advance(page, 20); // the messages sent before arrive (latency 10-15 ms)
  const delivered = await page.evaluate(() => window.raftlab.state().stats.messages_delivered);
  // Step a millisecond at a time until the leader's next heartbeats are on the wire.
  const lost = await page.evaluate(() => {
    for (let i = 0; i < 200; i++) {
      window.raftlab.advance(1);
      const s = window.raftlab.state();
      if (s.in_flight.length > 0) return s.in_flight;
    }
    return [];
  });
  assert.ok(lost.length > 0, 'messages are on the wire');
  assert.ok(lost.every((m) => m.lost), JSON.stringify(lost));
  await page.waitForSelector('svg .msg.lost');
  const where = (selector) =>
    page.$eval(selector, (el) => el.getAttribute('transform').match(/-?[\d.]+/g).map(Number));
  for (const m of lost) {
    const at = await where(`svg .msg[data-msg-id="${m.id}"]`);
    const from = await where(`svg .node[data-node-id="${m.from}"]`);
    const to = await where(`svg .node[data-node-id="${m.to}"]`);
    const distance = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1]);
    assert.ok(distance(at, from) < distance(at, to), `message ${m.id} is drawn on the sender's half`);
  }
  // Click one: its card says it will never arrive.
  await page.click(`svg .msg[data-msg-id="${lost[0].id}"]`);
  assert.match(await page.textContent('.message-card'), /never arrives/);
  await advance(page, 1000);
  const after = await page.evaluate(() => window.raftlab.state().stats.messages_delivered);
  assert.equal(after, delivered, 'nothing arrives');
  assert.deepEqual(errors, []);
});
