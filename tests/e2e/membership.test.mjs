// Membership change in the page (issue 13, thesis chapter 4): "+ Add learner" and "+ Add server"
// on the drawing, a learner drawn dashed and promoted from its card, a server removed from its
// card and faded out of the configuration, the configuration in words on the drawing, and
// configuration entries marked in the logs; in the joint phase a candidate's votes in a row per voter set
// and the leader's commit tally for both majorities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, sharedBrowser } from './harness.mjs';

const shared = sharedBrowser();
const state = (page) => page.evaluate(() => window.raftlab.state());

/** A fresh cluster with a leader, paused; then `ms` more simulated time at each call of `run`. */
async function withLeader() {
  const opened = await openPage(shared.browser, shared.server.url);
  const { page } = opened;
  await page.waitForSelector('svg [data-node-id]');
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.command({ cmd: 'config', seed: 5 });
    window.raftlab.advance(2000);
  });
  return { ...opened, run: (ms) => page.evaluate((ms) => window.raftlab.advance(ms), ms) };
}

const classOf = (page, id) => page.getAttribute(`svg .node[data-node-id="${id}"]`, 'class');

test('a learner joins, catches up, and is promoted from its card', async () => {
  const { page, errors, run } = await withLeader();
  await page.click('[data-action="add-learner"]');
  await run(500);
  let s = await state(page);
  assert.deepEqual(s.members, [1, 2, 3, 4, 5, 6]);
  assert.match(await classOf(page, 6), /\blearner\b/, 'S6 is drawn as a learner');
  assert.match(await page.getAttribute('svg .node[data-node-id="6"]', 'aria-label'), /learner/);
  assert.match(await page.textContent('[data-config]'), /voters \{1,2,3,4,5\}, learners \{6\}/);
  // The configuration entry is marked in the logs.
  assert.ok((await page.locator('tr[data-log-node="1"] td.config').count()) >= 1, 'a configuration entry');

  await page.click('svg .node[data-node-id="6"]');
  await page.click('.node-card [data-action="promote"]');
  await run(1000);
  s = await state(page);
  const leader = s.nodes.find((n) => n.id === s.leader);
  assert.deepEqual(leader.config.voters, [1, 2, 3, 4, 5, 6]);
  assert.doesNotMatch(await classOf(page, 6), /learner/);
  assert.match(await page.textContent('[data-config]'), /voters \{1,2,3,4,5,6\}/);
  assert.deepEqual(errors, []);
});

test('removing the leader: it leaves the configuration, is faded, and another server leads', async () => {
  const { page, errors, run } = await withLeader();
  const old = (await state(page)).leader;
  await page.click(`svg .node[data-node-id="${old}"]`);
  await page.click('.node-card [data-action="remove-server"]');
  await run(3000);
  const s = await state(page);
  assert.ok(s.leader && s.leader !== old, `S${s.leader} leads, not S${old}`);
  assert.match(await classOf(page, old), /\boutside\b/, `S${old} is drawn outside the configuration`);
  // ... and apart: farther from the centre than the servers on the ring.
  const distance = (id) =>
    page.$eval(`svg .node[data-node-id="${id}"]`, (g) => {
      const [x, y] = g.getAttribute('transform').match(/-?[\d.]+/g).map(Number);
      return Math.hypot(x, y);
    });
  const onRing = await distance(s.leader);
  assert.ok((await distance(old)) > onRing * 1.1, `S${old} is drawn apart from the ring`);
  assert.doesNotMatch(await page.textContent('[data-config]'), new RegExp(`\\b${old}\\b.*learners|voters \\{[^}]*\\b${old}\\b`));
  // Its card no longer offers to remove it.
  await page.click(`svg .node[data-node-id="${old}"]`);
  assert.equal(await page.locator('.node-card [data-action="remove-server"]').count(), 0);
  assert.deepEqual(errors, []);
});

test('a joint change shows both configurations; the add buttons stop at nine servers', async () => {
  const { page, errors, run } = await withLeader();
  for (let i = 0; i < 2; i += 1) {
    await page.click('[data-action="add-learner"]');
    await run(600);
  }
  await page.evaluate(() => window.raftlab.command({ cmd: 'change_config', voters: [1, 2, 3, 6, 7] }));
  // Soon after the change is proposed: C_old,new is in use.
  let joint = false;
  for (let t = 0; t < 40 && !joint; t += 1) {
    await run(5);
    joint = /joint: C_old \{1,2,3,4,5\} and C_new \{1,2,3,6,7\}/.test((await page.textContent('[data-config]')) ?? '');
  }
  assert.ok(joint, 'the drawing names both configurations');
  assert.match(await classOf(page, 4), /\bleaving\b/);
  assert.match(await classOf(page, 6), /\bjoining\b/);
  await run(2000);
  assert.match(await page.textContent('[data-config]'), /^voters \{1,2,3,6,7\}/);
  // Two more servers reach nine; the buttons then say why they are off.
  for (let i = 0; i < 2; i += 1) {
    await page.click('[data-action="add-server"]');
    await run(600);
  }
  assert.equal((await state(page)).members.length, 9);
  assert.equal(await page.isDisabled('[data-action="add-server"]'), true);
  assert.match(await page.getAttribute('[data-action="add-server"]', 'title'), /at most 9 servers/);
  assert.deepEqual(errors, []);
});

test('in the joint phase a candidate shows a row of votes per configuration, the leader its commit tally', async () => {
  const { page, errors, run } = await withLeader();
  for (let i = 0; i < 2; i += 1) {
    await page.click('[data-action="add-learner"]');
    await run(600);
  }
  await page.evaluate(() => window.raftlab.command({ cmd: 'change_config', voters: [1, 2, 3, 6, 7] }));
  let s = await state(page);
  const leaderOf = (s) => s.nodes.find((n) => n.id === s.leader);
  for (let t = 0; t < 40 && !leaderOf(s)?.config.joint; t += 1) {
    await run(5);
    s = await state(page);
  }
  const leader = leaderOf(s);
  assert.ok(leader?.config.joint, 'the leader uses C_old,new');

  // The card's tally is the leader's own match indexes, counted for each voter set.
  await page.click(`svg .node[data-node-id="${leader.id}"]`);
  const index = Math.min(leader.commit_index + 1, leader.last_log_index);
  const matchOf = (v) => (v === leader.id ? leader.last_log_index : leader.progress.find((p) => p.peer === v)?.match_index ?? 0);
  const stored = (voters) => `{${voters.filter((v) => matchOf(v) >= index).join(',')}}`;
  const { old, new: incoming } = leader.config.joint;
  assert.equal(
    await page.textContent('.node-card dt:text-is("commit / applied") + dd'),
    `${leader.commit_index} / ${leader.last_applied} · entry ${index} needs a majority of C_old and of C_new: ` +
      `stored on ${stored(old)} and ${stored(incoming)}`,
  );

  // A server of both sets campaigns: one row of dots per set, labelled, filled where granted.
  const inBoth = (s) => s.nodes.find((n) => n.up && n.id !== leader.id && n.config.joint && old.includes(n.id) && incoming.includes(n.id));
  for (let t = 0; t < 40 && !inBoth(s); t += 1) {
    await run(1);
    s = await state(page);
  }
  const candidate = inBoth(s);
  assert.ok(candidate, 'a follower uses C_old,new');
  await page.evaluate((id) => window.raftlab.command({ cmd: 'crash', node: id }), leader.id);
  await page.evaluate((id) => window.raftlab.command({ cmd: 'timeout', node: id }), candidate.id);
  const votes = `svg .node[data-node-id="${candidate.id}"] + .node-words .votes`;
  await page.waitForSelector(`${votes} .vote-label`);
  const c = (await state(page)).nodes.find((n) => n.id === candidate.id);
  assert.deepEqual(await page.locator(`${votes} .vote-label`).allTextContents(), ['C_old', 'C_new']);
  assert.equal(await page.locator(`${votes} .vote`).count(), old.length + incoming.length);
  const granted = [...old, ...incoming].filter((v) => c.votes.includes(v)).length;
  assert.ok(granted >= 2, 'it votes for itself in both sets');
  assert.equal(await page.locator(`${votes} .vote.granted`).count(), granted);
  assert.deepEqual(errors, []);
});

test('the ring re-lays itself smoothly when a server joins: the servers glide, links and messages fade; with reduced motion they jump', async () => {
  for (const reducedMotion of ['no-preference', 'reduce']) {
    const { page, errors, context, run } = await withLeader();
    await page.emulateMedia({ reducedMotion });
    const before = await page.getAttribute('svg .node[data-node-id="2"]', 'transform');
    await page.click('[data-action="add-server"]');
    await run(300);
    await page.waitForSelector('svg .node[data-node-id="6"]');
    // S2 has a new place, and (with motion) an animation takes it there.
    assert.notEqual(await page.getAttribute('svg .node[data-node-id="2"]', 'transform'), before);
    const moving = await page.evaluate(() =>
      document.getAnimations().filter((a) => a.effect?.target?.matches?.('.node, .node-words')).length,
    );
    if (reducedMotion === 'reduce') assert.equal(moving, 0, 'no glide with reduced motion');
    else assert.ok(moving >= 5, `the servers glide (${moving} animations)`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
