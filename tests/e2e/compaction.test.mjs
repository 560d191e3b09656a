// Log compaction in the page (§7): the "Log compaction" preset's snapshot blocks, the
// InstallSnapshot glyph, a server caught up by a snapshot, what a snapshot holds, the "Take
// snapshot" button with its fold animation, and snapshot_every in Settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, sharedBrowser } from './harness.mjs';

const shared = sharedBrowser();

async function openPreset() {
  const opened = await openPage(shared.browser, `${shared.server.url}?scenario=log-compaction`);
  await opened.page.waitForSelector('svg [data-node-id]');
  await opened.page.evaluate(() => window.raftlab.pause());
  return opened;
}

const blockIndex = (page, id) =>
  page.$eval(`tr[data-log-node="${id}"]`, (tr) => tr.querySelector('.snapshot-block')?.dataset.snapshotIndex ?? null);

test('the preset: a server that was down is caught up by a snapshot, drawn as such', async () => {
  const { page, errors } = await openPreset();
  await page.evaluate(() => window.raftlab.seek(2995));
  // S5 is down; the others compacted up to index 20; the leader's snapshot is on its way.
  for (const id of [1, 2, 3, 4]) assert.equal(await blockIndex(page, id), '20', `S${id}'s block`);
  assert.equal(await blockIndex(page, 5), null, 'S5 has no snapshot yet');
  assert.equal(await page.locator('tr[data-log-node="2"] td.compacted').count(), 20, 'indexes 1-20 are compacted');
  const glyph = page.locator('svg [data-msg-kind="install_snapshot"]');
  assert.equal(await glyph.count(), 1, 'the snapshot travels to S5');
  assert.ok((await glyph.locator('path.glyph').count()) === 1, 'with a glyph of its own');
  assert.match(await page.textContent('.legend'), /snapshot/);
  await glyph.click();
  assert.match(await page.textContent('.message-card'), /84 bytes of snapshot data/);

  await page.evaluate(() => window.raftlab.advance(200));
  const state = await page.evaluate(() => window.raftlab.state());
  const [s2, s5] = [state.nodes[1], state.nodes[4]];
  assert.deepEqual(s5.snapshot, s2.snapshot, 'S5 holds the leader\'s snapshot');
  assert.deepEqual(s5.kv, s2.kv, 'and every write');
  assert.equal(await blockIndex(page, 5), '20');
  const told = state.events.map((e) => e.text);
  assert.ok(told.some((t) => t.startsWith('S5 installs S2\'s snapshot up to index 20')), told.join('\n'));
  assert.equal(await page.locator('.safety li.bad').count(), 0);

  // A click on the block shows what the snapshot holds: the store after index 20.
  await page.click('tr[data-log-node="5"] .snapshot-block');
  const pairs = await page.$$eval('.node-card .snapshot-contents code', (cs) => cs.map((c) => c.textContent));
  assert.deepEqual(pairs, ['a=19', 'b=14', 'c=15', 'd=16', 'e=17', 'f=18']);
  assert.match(await page.textContent('.node-card'), /up to #20 \(term 1\), 84 bytes/);
  assert.deepEqual(errors, []);
});

test('"Take snapshot" compacts a server now, and the entries fold into the block', async () => {
  const { page, errors } = await openPreset();
  await page.evaluate(() => window.raftlab.seek(3500));
  assert.equal(await blockIndex(page, 3), '20');
  await page.click('svg .node[data-node-id="3"]');
  const button = page.locator('.node-card [data-action="snapshot"]');
  assert.ok(await button.isEnabled(), 'S3 applied entries since its snapshot');
  await button.click();
  assert.equal(await blockIndex(page, 3), '25');
  assert.equal(await page.locator('tr[data-log-node="3"] .snapshot-block.grew').count(), 1);
  assert.equal(await page.locator('tr[data-log-node="3"] td.compacted.folding').count(), 5, 'indexes 21-25 fold in');
  assert.ok(await button.isDisabled(), 'nothing left to compact');
  assert.match(await page.textContent('.narration'), /S3 compacts its log up to index 25/);
  // The fold is a moment, not a state: it is gone a little later.
  await page.waitForTimeout(1300);
  await page.evaluate(() => window.raftlab.advance(10));
  assert.equal(await page.locator('td.folding').count(), 0);
  assert.deepEqual(errors, []);
});

test('Settings: snapshot_every makes every server compact on its own', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await page.waitForSelector('svg [data-node-id]');
  await page.click('[data-action="settings"]');
  await page.fill('.settings [data-setting="snapshot_every"]', '4');
  await page.click('[data-action="apply-settings"]');
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.advance(1500);
    const { leader } = window.raftlab.state();
    for (let i = 0; i < 6; i++) {
      window.raftlab.command({ cmd: 'put', key: 'k', value: String(i), node: leader });
      window.raftlab.advance(100);
    }
    window.raftlab.advance(300);
  });
  const state = await page.evaluate(() => window.raftlab.state());
  for (const n of state.nodes) assert.ok(n.snapshot && n.snapshot.index >= 4, `S${n.id}: ${JSON.stringify(n.snapshot)}`);
  assert.equal(await page.locator('.snapshot-block').count(), state.nodes.length);
  assert.deepEqual(errors, []);
});
