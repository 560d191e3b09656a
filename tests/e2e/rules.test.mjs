// The rules as they fire and etcd's names (issue 15), in the release build: the Rules panel is the
// second module's (fetched when opened: the Rules button, the r key or ?view=rules); stepping the
// run one event at a time lights each step's rule (data-rule-active on the data-rule line);
// Settings switches the message names to etcd's (MsgVote, MsgApp, StateReplicate), remembered for
// the next visit, and ?names=etcd does it for one; all of it under a strict CSP too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, sharedBrowser, serveDist, launchBrowser, cspViolations } from './harness.mjs';

const shared = sharedBrowser();

// Five servers; S2's election timer fires first, at 170 ms, and its vote requests arrive at
// 180 ms and after (tests/golden/leader-election.txt tells the same run).
const ELECTION = 'cluster nodes=5 seed=1 election=150..300ms heartbeat=50ms latency=10..15ms';

const panel = (page) => page.locator('[data-view="rules"]');
const active = (page) => page.$$eval('[data-view="rules"] [data-rule-active]', (els) => els.map((el) => el.dataset.rule));
const now = (page) => page.evaluate(() => window.raftlab.state('light').time_ms);

/** Loads the election run paused at `ms`. */
async function electionAt(page, ms) {
  const loaded = await page.evaluate(
    ([text, ms]) => {
      window.raftlab.pause();
      const load = window.raftlab.load(text);
      return load.ok ? window.raftlab.seek(ms) : load;
    },
    [ELECTION, ms],
  );
  assert.deepEqual(loaded, { ok: true });
}

/** Presses → (one event) and waits until the panel shows that rule lit. */
async function stepUntilLit(page, rule) {
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector(`[data-view="rules"] [data-rule="${rule}"][data-rule-active]`, { timeout: 5000 });
}

test('the Rules button opens the panel: Figure 2 and the extensions, one line per rule with a stable id', async () => {
  const requests = [];
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.waitForSelector('svg [data-node-id]');
  assert.deepEqual(requests.filter((p) => /raftlab-on-demand/.test(p)), [], 'not fetched before it is opened');
  await page.click('[data-action="rules"]');
  await panel(page).waitFor();
  const ids = await page.$$eval('[data-view="rules"] [data-rule]', (els) => els.map((el) => el.dataset.rule));
  assert.equal(ids.length, 51);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  for (const id of ['fig2-persistent-state', '5.1-higher-term', '5.2-grant-vote', '5.4.1-up-to-date', '5.3-delete-conflicts',
    '5.4.2-leader-commit', '9.6-pre-vote', '6.2-check-quorum', '4.2.3-ignore-vote-requests', '6.4-read-index',
    '6.4.1-lease-read', '3.10-timeout-now', '7-install-snapshot', '4.3-joint-consensus']) {
    assert.ok(ids.includes(id), `${id} is listed`);
  }
  const headings = await page.$$eval('[data-view="rules"] h4', (els) => els.map((el) => el.textContent));
  assert.deepEqual(headings.slice(0, 7), ['State', 'RequestVote RPC, receiver', 'AppendEntries RPC, receiver', 'All servers',
    'Followers (§5.2)', 'Candidates (§5.2)', 'Leaders']);
  assert.match(await page.textContent('[data-rule="5.1-higher-term"]'), /higher term.*follower.*§5\.1/);
  // The r key closes it and opens it again; so does its close button.
  await page.locator('body').press('r');
  await panel(page).waitFor({ state: 'detached' });
  await page.locator('body').press('r');
  await panel(page).waitFor();
  await page.click('[data-view="rules"] .close');
  await panel(page).waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('step by step, each step lights the rule that caused it, with the server', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?view=rules`);
  await panel(page).waitFor({ timeout: 15000 });
  await electionAt(page, 165);
  // S2's election timer fires: a follower's timeout, then RequestVote to the others.
  await stepUntilLit(page, '5.2-follower-timeout');
  assert.equal(await now(page), 170);
  assert.deepEqual(await active(page), ['5.2-follower-timeout', '5.2-start-election']);
  assert.equal(await page.textContent('[data-rule="5.2-follower-timeout"] .who'), 'S2');
  assert.match(await page.textContent('[data-view="rules"] .fired'), /Fired at 170 ms:\s*S2: election timeout, no leader heard → become candidate §5\.2/);
  // The first vote request arrives: a higher term makes the voter a follower, and it votes.
  await stepUntilLit(page, '5.1-higher-term');
  assert.equal(await now(page), 180);
  assert.deepEqual(await active(page), ['5.2-grant-vote', '5.1-higher-term']);
  const voter = await page.textContent('[data-rule="5.1-higher-term"] .who');
  assert.match(voter, /^S[13]$/);
  assert.match(await page.textContent('[data-view="rules"] .fired'), new RegExp(`Fired at 180 ms:.*${voter}: term in the message is higher → become follower §5\\.1`));
  // The panel reads the rules from the second module's copy of the run; the page's own state
  // leaves them out (docs/api.md), and the copy stands where the page does, mid-millisecond.
  const told = await page.evaluate(() => window.raftlab.state('light').events.filter((e) => e.time_ms === 180));
  assert.equal(told.length, 2);
  assert.ok(told.every((e) => !('rule' in e)), JSON.stringify(told));
  // A step back goes to where the run stood before the vote: the timeout's rules again.
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => !document.querySelector('[data-rule="5.1-higher-term"][data-rule-active]'));
  assert.ok((await active(page)).includes('5.2-follower-timeout'));
  assert.deepEqual(errors, []);
});

test("etcd's names: Settings switches the legend, the narration, the cards and the rules, and remembers", async () => {
  const { page, errors, context } = await openPage(shared.browser, `${shared.server.url}?view=rules`);
  await panel(page).waitFor({ timeout: 15000 });
  assert.equal(await page.getAttribute('.app', 'data-names'), 'paper');
  // The legend is folded to its title on a screen this short; clicked, it opens.
  const legendText = async () => {
    const folded = !(await page.$eval('.legend', (d) => d.open));
    if (folded) await page.click('.legend summary');
    const text = await page.locator('.legend').innerText();
    // Folded again, so that it does not cover the servers clicked next.
    if (folded) await page.click('.legend summary');
    return text;
  };
  const paperLegend = await legendText();
  assert.match(paperLegend, /vote request/);
  assert.ok(!paperLegend.includes('MsgApp'), paperLegend);

  await page.click('[data-action="settings"]');
  await page.click('[data-setting="names"] [data-names="etcd"]');
  assert.equal(await page.getAttribute('[data-setting="names"] [data-names="etcd"]', 'aria-checked'), 'true');
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('.app', 'data-names'), 'etcd');
  assert.deepEqual(await page.evaluate(() => window.raftlab.names()), { ok: true, names: 'etcd' });
  // The legend: etcd's names in place of the paper's.
  const legend = await legendText();
  for (const name of ['MsgVote', 'MsgPreVote', 'MsgVoteResp', 'MsgApp', 'MsgHeartbeat', 'MsgAppResp', 'MsgTimeoutNow', 'MsgSnap', 'MsgReadIndex']) {
    assert.ok(legend.includes(name), `${name} in the legend: ${legend}`);
  }
  assert.ok(!legend.includes('vote request'), legend);
  // The narration names the messages a change sends.
  await electionAt(page, 1100);
  const narration = await page.locator('.narration .events').innerText();
  assert.match(narration, /S2's election timer fired: it becomes a candidate for term 1 and asks the others for votes \(MsgVote\)/);
  assert.match(narration, /it appends a no-op entry and sends it to its followers \(MsgApp\)/);
  // The rules panel's boxes take the names too.
  assert.ok(await page.isVisible('[data-view="rules"] h4 >> text=MsgVote, receiver'));
  // A message's card is titled with its raftpb name; the leader's card tells its followers'
  // progress as etcd's Progress.String() does.
  await page.click('svg .node[data-node-id="2"]');
  assert.match(await page.textContent('.node-card'), /S1 StateReplicate match=1 next=2/);
  await page.keyboard.press('Escape');
  const heartbeat = await page.evaluate(() => {
    for (let i = 0; i < 40; i++) {
      const m = window.raftlab.state('light').in_flight.find((m) => m.kind === 'heartbeat');
      if (m) return m.id;
      window.raftlab.advance(3);
    }
  });
  await page.click(`svg [data-msg-id="${heartbeat}"]`);
  assert.equal(await page.textContent('.message-card h2'), 'MsgHeartbeat');

  // Remembered: the next visit starts with etcd's names, without opening anything.
  const next = await context.newPage();
  await next.goto(shared.server.url);
  await next.waitForSelector('.app[data-names="etcd"]');
  assert.deepEqual(errors, []);
});

test('?names=etcd names the messages as etcd does for one visit; names() refuses other words', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?names=etcd`);
  await page.waitForSelector('.app[data-names="etcd"]', { timeout: 15000 });
  assert.deepEqual(await page.evaluate(() => window.raftlab.names('raft')), { ok: false, error: 'names takes "paper" or "etcd"' });
  assert.deepEqual(await page.evaluate(() => window.raftlab.names('paper')), { ok: true });
  assert.equal(await page.getAttribute('.app', 'data-names'), 'paper');
  assert.deepEqual(errors, []);
});

test('under a strict Content Security Policy, the Rules panel opens and lights rules', async () => {
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
  const server = await serveDist({ headers: { 'Content-Security-Policy': csp } });
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPage(browser, `${server.url}?view=rules&names=etcd`);
    await panel(page).waitFor({ timeout: 15000 });
    await electionAt(page, 165);
    await stepUntilLit(page, '5.2-follower-timeout');
    assert.ok(await page.isVisible('[data-view="rules"] h4 >> text=MsgApp, receiver'));
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
