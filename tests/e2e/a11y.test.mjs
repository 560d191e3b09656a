// Accessibility (issue 16), measured with real tools: axe-core's audit on every view, the page
// driven by keyboard alone, the accessible names and live regions a screen reader gets, and
// prefers-reduced-motion. (Phones and touch: mobile.test.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { openPage, sharedBrowser, artifactsDir } from './harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const shared = sharedBrowser();

/** A paused page on a fresh cluster with a fixed seed, with a leader after 2 s. */
async function freshCluster(options = {}) {
  const opened = await openPage(shared.browser, shared.server.url, options);
  const { page } = opened;
  await page.waitForSelector('svg [data-node-id]');
  await page.evaluate(() => {
    window.raftlab.pause();
    const result = window.raftlab.command({ cmd: 'config', seed: 11 });
    if (!result.ok) throw new Error(result.error);
    window.raftlab.advance(2000);
  });
  return opened;
}

const leaderOf = (page) => page.evaluate(() => window.raftlab.state().leader);
const roleOf = (page, id) => page.getAttribute(`svg .node[data-node-id="${id}"]`, 'data-role');

/** axe-core's serious and critical findings on the page as it is now, one line each. */
async function axeFindings(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`));
}

/** Audits each view that `views` opens in turn; returns every finding, labelled by view. */
async function audit(page, views) {
  const findings = [];
  for (const [name, open] of Object.entries(views)) {
    await open();
    findings.push(...(await axeFindings(page)).map((f) => `[${name}] ${f}`));
  }
  return findings;
}

for (const theme of ['light', 'dark']) {
  test(`axe-core: no serious or critical violation on any view, ${theme} theme (colour contrast included)`, async () => {
    const { page, errors } = await freshCluster({ colorScheme: theme });
    // Something of everything on screen: a crashed server, a cut link, a client's write, messages.
    await page.evaluate(() => {
      const leader = window.raftlab.state().leader;
      window.raftlab.command({ cmd: 'put', key: 'x', value: '1', node: leader });
      window.raftlab.command({ cmd: 'crash', node: leader === 1 ? 2 : 1 });
      window.raftlab.command({ cmd: 'cut', from: 3, to: 4, oneway: true });
      window.raftlab.advance(5);
    });
    const escape = () => page.keyboard.press('Escape');
    const findings = await audit(page, {
      main: async () => {},
      'node card': () => page.click('svg .node[data-node-id="3"]'),
      'message card': async () => {
        await escape();
        await page.keyboard.press('m');
        await page.waitForSelector('.message-card');
      },
      Settings: async () => {
        await escape();
        await page.click('[data-action="settings"]');
      },
      Scenarios: async () => {
        await escape();
        await page.click('[data-action="scenarios"]');
        await page.click('.scenarios summary'); // the pasted-scenario box too
      },
      Help: async () => {
        await escape();
        await page.click('[data-action="help"]');
      },
      Export: async () => {
        await escape();
        await page.click('[data-action="files"]');
        await page.waitForSelector('.dialog.files');
      },
      // The Rules panel, a rule lit, and with etcd's names (the legend's other half, too).
      Rules: async () => {
        await escape();
        await page.click('[data-action="rules"]');
        await page.waitForSelector('[data-view="rules"] [data-rule-active]');
        await page.evaluate(() => window.raftlab.names('etcd'));
        if (!(await page.$eval('.legend', (d) => d.open))) await page.click('.legend summary');
      },
      // The space-time diagram under the ring, then beside it (its layout switch included).
      'Space-time': async () => {
        await page.click('[data-action="spacetime"]');
        await page.waitForSelector('[data-view="spacetime"] [data-msg-kind]');
      },
      'Space-time beside': async () => {
        await page.click('[data-view="spacetime"] [data-action="st-beside"]');
        await page.waitForSelector('[data-view="spacetime"][data-layout="beside"]');
      },
    });
    // The welcome of a first visit.
    const first = await openPage(shared.browser, shared.server.url, { colorScheme: theme, firstVisit: true });
    await first.page.waitForSelector('dialog[data-welcome]');
    findings.push(...(await axeFindings(first.page)).map((f) => `[welcome] ${f}`));
    // A run that broke a rule: the safety panel's alert and the history's verdict.
    const broken = await openPage(shared.browser, `${shared.server.url}?scenario=stale-local-read`, { colorScheme: theme });
    await broken.page.waitForSelector('svg [data-node-id]');
    await broken.page.evaluate(() => {
      window.raftlab.pause();
      window.raftlab.advance(4500);
    });
    await broken.page.waitForSelector('.safety .violation');
    findings.push(...(await axeFindings(broken.page)).map((f) => `[violation] ${f}`));
    const embed = await openPage(shared.browser, `${shared.server.url}?embed`, { colorScheme: theme });
    await embed.page.waitForSelector('svg [data-node-id]');
    findings.push(...(await axeFindings(embed.page)).map((f) => `[embed] ${f}`));
    assert.deepEqual(findings, []);
    assert.deepEqual([...errors, ...first.errors, ...broken.errors, ...embed.errors], []);
  });
}

/** What has the focus: its data-node-id, data-action, or a short description. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    if (el.dataset.nodeId) return `node ${el.dataset.nodeId}`;
    if (el.dataset.link) return `link ${el.dataset.link}`;
    if (el.dataset.msgId) return 'message';
    if (el.dataset.action) return `action ${el.dataset.action}`;
    return `${el.tagName.toLowerCase()}.${el.className}`;
  });

async function tabUntil(page, wanted, limit = 60) {
  const seen = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    seen.push(now);
    if (now === wanted) return seen;
  }
  throw new Error(`${wanted} not reached in ${limit} Tabs: ${seen.join(', ')}`);
}

test('keyboard alone: Tab reaches the servers in order, Enter opens the leader\'s card, its Crash and Restart work, Escape gives the focus back', async () => {
  const { page, errors } = await freshCluster();
  await page.evaluate(() => {
    while (window.raftlab.state().in_flight.length === 0) window.raftlab.advance(1);
  });
  const leader = await leaderOf(page);
  // From the top: the tool bar, then the servers S1, S2, ... before any link or message.
  const route = await tabUntil(page, 'node 1');
  assert.ok(route.length <= 10, `S1 is reached after the tool bar (9 buttons): ${route.join(', ')}`);
  const order = [];
  for (let i = 0; i < 6; i += 1) {
    await page.keyboard.press('Tab');
    order.push(await focused(page));
  }
  assert.deepEqual(order.slice(0, 5), ['node 2', 'node 3', 'node 4', 'node 5', 'link 1-2'], 'servers, then the links (one stop)');
  assert.equal(order[5], 'message', 'then the messages in flight');
  // Arrow keys move along the links; Tab leaves them.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(page), 'link 1-3');
  await page.keyboard.press('End');
  assert.equal(await focused(page), 'link 4-5');

  // Back to the leader, visibly focused.
  await page.focus(`svg .node[data-node-id="1"]`);
  for (let id = 1; id < leader; id += 1) await page.keyboard.press('Tab');
  assert.equal(await focused(page), `node ${leader}`);
  const ring = await page.$eval(`svg .node[data-node-id="${leader}"]`, (el) => ({
    visible: el.matches(':focus-visible'),
    stroke: getComputedStyle(el.querySelector('.timer-track')).strokeDasharray,
  }));
  assert.equal(ring.visible, true, 'the focus is visible');
  assert.notEqual(ring.stroke, 'none', 'a dashed ring marks the focused server');
  await page.screenshot({ path: path.join(artifactsDir, 'keyboard-focus.png') });

  await page.keyboard.press('Enter');
  await page.waitForSelector('.node-card');
  assert.match(await focused(page), /node-card/, 'the card takes the focus');
  await tabUntil(page, 'action crash', 4);
  await page.keyboard.press('Enter');
  assert.equal(await roleOf(page, leader), 'crashed');
  assert.equal(await focused(page), 'action restart', 'the focus stays on the button, now Restart');
  await page.keyboard.press('Enter');
  assert.notEqual(await roleOf(page, leader), 'crashed');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.node-card').count(), 0);
  assert.equal(await focused(page), `node ${leader}`, 'the focus returns to the server');

  // Space opens a card too (and does not play).
  await page.keyboard.press('Space');
  await page.waitForSelector('.node-card');
  assert.equal(await page.getAttribute('[data-action="play-pause"]', 'aria-label'), 'Play (space)');
  assert.deepEqual(errors, []);
});

test('dialogs take the focus, keep it (the page behind is inert), close on Escape and give it back', async () => {
  const { page, errors } = await freshCluster();
  for (const [action, dialog] of [['settings', '.dialog.settings'], ['scenarios', '.dialog.scenarios'], ['help', '.dialog.help']]) {
    await page.focus(`[data-action="${action}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(dialog);
    const inside = () => page.$eval(dialog, (d) => d.contains(document.activeElement));
    assert.equal(await inside(), true, `${dialog} has the focus`);
    assert.equal(await page.getAttribute(dialog, 'aria-modal'), 'true');
    assert.equal(await page.$eval('.stage', (el) => el.inert), true, 'the page behind is inert');
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate((sel) => {
        const a = document.activeElement;
        return !a || a === document.body || document.querySelector(sel).contains(a);
      }, dialog);
      assert.ok(where, `Tab ${i + 1} stayed in ${dialog}`);
    }
    await page.keyboard.press('Escape');
    // Settings and the help are the second module's (src/on_demand): they close on its next render.
    await page.waitForFunction(() => !document.querySelector('.dialog'));
    assert.equal(await focused(page), `action ${action}`, `the focus is back on the ${action} button`);
    assert.equal(await page.$eval('.stage', (el) => el.inert), false);
  }
  // The Figure 8 preset by keyboard: o, then a few Tabs.
  await page.keyboard.press('o');
  await page.waitForSelector('.preset-list [data-preset]'); // the presets are fetched on opening
  const tabs = await tabUntil(page, 'button.preset', 3);
  assert.ok(tabs.length <= 3);
  // Escape closes the dialog even from its text box.
  await page.click('.scenarios summary');
  await page.focus('.scenarios textarea');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.dialog').count(), 0);
  assert.deepEqual(errors, []);
});

test('accessible names: each server says its role, term and state; messages and links say what they are', async () => {
  const { page, errors } = await freshCluster();
  const leader = await leaderOf(page);
  const term = await page.evaluate(() => window.raftlab.state().nodes[0].term);
  await page.getByRole('button', { name: `S${leader}, leader, term ${term}`, exact: true }).waitFor();
  const other = leader === 1 ? 2 : 1;
  await page.getByRole('button', { name: `S${other}, follower, term ${term}`, exact: true }).waitFor();
  await page.evaluate((n) => window.raftlab.command({ cmd: 'crash', node: n }), other);
  await page.getByRole('button', { name: `S${other}, crashed`, exact: true }).waitFor();
  const names = await page.$$eval('svg .node', (els) => els.map((el) => el.getAttribute('aria-label')));
  for (const name of names) assert.match(name, /^S\d, ((follower|pre-candidate|candidate|leader), term \d+|crashed)$/);
  await page.evaluate(() => {
    while (window.raftlab.state().in_flight.length === 0) window.raftlab.advance(1);
  });
  const said = (await page.evaluate(() => window.raftlab.state().in_flight))[0].summary;
  await page.getByRole('button', { name: said, exact: true }).first().waitFor();
  await page.getByRole('button', { name: 'Link S1–S2: healthy', exact: true }).waitFor();
  assert.deepEqual(errors, []);
});

test('the narration speaks through a polite live region, at most once a second at full speed; a violation is an alert', async () => {
  const { page, errors } = await freshCluster();
  const region = page.locator('[data-announce]');
  assert.equal(await region.getAttribute('aria-live'), 'polite');
  assert.equal(await region.getAttribute('role'), 'status');
  assert.equal(await page.locator('.events[aria-live]').count(), 0, 'the list itself is not live');
  // A crash is told at once.
  await page.evaluate(() => window.raftlab.command({ cmd: 'crash', node: window.raftlab.state().leader }));
  await page.waitForFunction(() => /crash/.test(document.querySelector('[data-announce]').textContent));
  // Full speed: every announcement is recorded with its wall-clock time.
  await page.evaluate(() => {
    window.__said = [];
    new MutationObserver(() => window.__said.push([performance.now(), document.querySelector('[data-announce]').textContent]))
      .observe(document.querySelector('[data-announce]'), { childList: true, characterData: true, subtree: true });
  });
  for (let i = 0; i < 16; i += 1) await page.keyboard.press('+');
  await page.keyboard.press('Space');
  const started = Date.now();
  // A client writes ten times a second (a steady cluster has little to tell).
  for (let i = 0; i < 45; i += 1) {
    await page.evaluate((v) => window.raftlab.command({ cmd: 'put', key: 'x', value: String(v), node: 1 + (v % 5) }), i);
    await page.waitForTimeout(100);
  }
  await page.keyboard.press('Space');
  const seconds = (Date.now() - started) / 1000;
  const said = await page.evaluate(() => window.__said);
  const events = await page.evaluate(() => window.raftlab.state().stats.events);
  assert.ok(events > 1000, `the run went fast (${events} events)`);
  assert.ok(said.length >= 3 && said.length <= seconds + 1, `${said.length} announcements in ${seconds} s: ${JSON.stringify(said)}`);
  for (let i = 1; i < said.length; i += 1) {
    assert.ok(said[i][0] - said[i - 1][0] >= 950, `announcements ${i - 1} and ${i} are a second apart: ${said[i][0] - said[i - 1][0]} ms`);
  }
  assert.ok(said.some(([, text]) => /and \d+ more events/.test(text)), 'many events are summed up');

  // A violation: the safety panel's alert.
  const broken = await openPage(shared.browser, `${shared.server.url}?scenario=stale-local-read`);
  await broken.page.waitForSelector('svg [data-node-id]');
  await broken.page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.advance(4500);
  });
  assert.match(await broken.page.textContent('.safety [role="alert"]'), /Linearizability violated/);
  assert.equal(await broken.page.getAttribute('.safety li.bad .tick', 'aria-label'), 'violated:');
  assert.deepEqual([...errors, ...broken.errors], []);
});

/** Each message's drawn position as the fraction of its flight (0 at the sender, 1 at the receiver). */
const drawnFractions = (page) =>
  page.evaluate(() => {
    const xy = (el) => el.getAttribute('transform').match(/-?[\d.]+/g).map(Number);
    const R = 24; // NODE_RADIUS: a flight starts and ends at the servers' edges
    return window.raftlab.state().in_flight.map((m) => {
      const [fx, fy] = xy(document.querySelector(`svg .node[data-node-id="${m.from}"]`));
      const [tx, ty] = xy(document.querySelector(`svg .node[data-node-id="${m.to}"]`));
      const [x, y] = xy(document.querySelector(`svg .msg[data-msg-id="${m.id}"]`));
      const length = Math.hypot(tx - fx, ty - fy);
      const along = ((x - fx) * (tx - fx) + (y - fy) * (ty - fy)) / length;
      return { lost: m.lost, at: (along - R) / (length - 2 * R) };
    });
  });

test('prefers-reduced-motion: messages jump between the ends, timers drain by quarters, nothing animates; the run is the same', async () => {
  const normal = await freshCluster();
  const reduced = await freshCluster({ reducedMotion: 'reduce' });
  const glided = [];
  const jumped = [];
  for (let i = 0; i < 12; i += 1) {
    for (const { page } of [normal, reduced]) {
      await page.evaluate(() => window.raftlab.advance(2));
      await page.evaluate(() => window.raftlab.command({ cmd: 'put', key: 'k', value: 'v', node: window.raftlab.state().leader }));
    }
    glided.push(...(await drawnFractions(normal.page)));
    jumped.push(...(await drawnFractions(reduced.page)));
  }
  // The same run: both pages hold the same state.
  const state = (page) => page.evaluate(() => window.raftlab.state());
  assert.deepEqual(await state(reduced.page), await state(normal.page));
  assert.ok(glided.some((m) => m.at > 0.05 && m.at < 0.45), 'without the preference, messages glide');
  assert.ok(jumped.length > 10);
  for (const m of jumped) {
    const ends = m.lost ? [0, 0.5] : [0, 1];
    assert.ok(ends.some((e) => Math.abs(m.at - e) < 0.01), `a message drawn at ${m.at.toFixed(3)} of its flight`);
  }
  const arcs = await reduced.page.$$eval('svg.cluster .timer', (els) => els.map((el) => Number(el.getAttribute('stroke-dasharray').split(' ')[0])));
  assert.ok(arcs.length > 0);
  for (const a of arcs) assert.ok([0, 0.25, 0.5, 0.75, 1].includes(a), `a timer drawn at ${a}`);
  // Nothing animates, even a dropped message's death or a new role's colour.
  await reduced.page.keyboard.press('m');
  await reduced.page.click('.message-card [data-action="drop"]');
  await reduced.page.keyboard.press('Space');
  await reduced.page.waitForTimeout(300);
  await reduced.page.keyboard.press('Space');
  assert.equal(await reduced.page.evaluate(() => document.getAnimations().length), 0, 'no CSS animation or transition runs');
  assert.equal(await reduced.page.$eval('svg .node .shape', (el) => getComputedStyle(el).transitionDuration), '0s');
  assert.deepEqual([...normal.errors, ...reduced.errors], []);
});
