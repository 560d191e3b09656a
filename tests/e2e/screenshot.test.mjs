// Takes the README's screenshots from the real release build: a five-server cluster mid-run,
// with a client write being replicated; a lesson in Chinese; the presenter view of Figure 8's
// lesson at a projector's 1024x768; the space-time diagram during an election, under the ring
// and beside it, and in Chinese. `make test`
// writes them to artifacts/ (the tree stays clean); `make screenshot` writes them into docs/
// (docs/screenshot.png and docs/screenshots/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launchBrowser, openPage, artifactsDir } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const target = process.env.SCREENSHOT_FOR_README
  ? path.resolve(here, '../../docs/screenshot.png')
  : path.join(artifactsDir, 'screenshot.png');
const shotOf = (name) =>
  process.env.SCREENSHOT_FOR_README ? path.resolve(here, '../../docs/screenshots', name) : path.join(artifactsDir, name);

test('README screenshot', async () => {
  const server = await serveDist();
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPage(browser, server.url, { viewport: { width: 1440, height: 1000 } });
    await page.waitForSelector('svg [data-node-id]');
    await page.evaluate(() => {
      window.raftlab.pause();
      window.raftlab.command({ cmd: 'config', seed: 3 });
      window.raftlab.advance(1500);
      window.raftlab.command({ cmd: 'put', key: 'x', value: '1', node: 1 });
      window.raftlab.advance(600);
      window.raftlab.command({ cmd: 'crash', node: 4 });
      window.raftlab.advance(300);
      window.raftlab.command({ cmd: 'put', key: 'y', value: '2', node: 1 });
      window.raftlab.advance(5);
    });
    await page.click('svg .node[data-node-id="1"]');
    await page.screenshot({ path: target, fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

/** Opens `query` at `viewport`, waits for the lesson panel, runs `act(page)`, takes `name`. */
async function lessonShot(name, query, viewport, act) {
  const server = await serveDist();
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPage(browser, `${server.url}${query}`, { viewport });
    await page.waitForSelector('.lesson[data-lesson]', { timeout: 15000 });
    await act(page);
    await page.screenshot({ path: shotOf(name) });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
}

test('README screenshot: a lesson in Chinese, its question answered', async () => {
  await lessonShot('learn-zh-leader-election.png', '?lesson=leader-election&lang=zh', { width: 1440, height: 900 }, async (page) => {
    await page.waitForTimeout(200);
    await page.click('svg .node[data-node-id="2"]');
    await page.waitForSelector('.lesson[data-lesson-done="true"]', { timeout: 15000 });
    assert.match(await page.textContent('.lesson'), /领导者选举/);
  });
});

test('README screenshot: the presenter view of Figure 8 at 1024x768', async () => {
  await lessonShot('learn-present-figure8-1024x768.png', '?lesson=figure8&present', { width: 1024, height: 768 }, async (page) => {
    // Through the lesson by the presenter's keys, to the moment S5 is elected in term 3.
    for (let step = 1; step < 3; step += 1) {
      await page.waitForSelector(`.lesson[data-lesson-step="${step}"][data-lesson-done="true"]`, { timeout: 15000 });
      await page.keyboard.press('PageDown');
    }
    await page.waitForSelector('.lesson[data-lesson-step="3"]');
    await page.keyboard.press('PageDown');
    await page.waitForSelector('.lesson[data-lesson-step="3"][data-lesson-done="true"]', { timeout: 15000 });
  });
});

test('README screenshot: the space-time diagram during an election', async () => {
  const server = await serveDist();
  const browser = await launchBrowser();
  try {
    const viewport = { width: 1440, height: 900 };
    const { page, errors } = await openPage(browser, `${server.url}?view=spacetime`, { viewport });
    await page.waitForSelector('svg [data-node-id]');
    // S1 leads term 1; it crashes at 1.5 s and S4 is elected in term 2.
    await page.evaluate(() => {
      window.raftlab.pause();
      window.raftlab.command({ cmd: 'config', seed: 3 });
      window.raftlab.advance(1500);
      window.raftlab.command({ cmd: 'crash', node: 1 });
      window.raftlab.advance(360);
    });
    await page.waitForSelector('[data-view="spacetime"] [data-msg-kind="request_vote"]', { timeout: 15000 });
    assert.equal(await page.locator('[data-view="spacetime"] [data-lane-state="candidate"]').count(), 1);
    await page.screenshot({ path: shotOf('spacetime-election.png') });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('README screenshot: the space-time diagram in Chinese, a write followed across the lanes after an election', async () => {
  const server = await serveDist();
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPage(browser, `${server.url}?view=spacetime&lang=zh`, { viewport: { width: 1440, height: 900 } });
    await page.waitForSelector('svg [data-node-id]');
    // The election above (S1 crashes at 1.5 s, S4 wins term 2), then a write sent to S2.
    await page.evaluate(() => {
      window.raftlab.pause();
      window.raftlab.command({ cmd: 'config', seed: 3 });
      window.raftlab.advance(1500);
      window.raftlab.command({ cmd: 'crash', node: 1 });
      window.raftlab.advance(360);
      window.raftlab.command({ cmd: 'put', key: 'x', value: '1', node: 2 });
      window.raftlab.advance(140);
    });
    await page.waitForSelector('[data-view="spacetime"] .st-op.ok', { timeout: 15000 });
    await page.click('[data-view="spacetime"] .st-op.ok');
    await page.waitForSelector('.st-life-list li');
    // One of its AppendEntries pointed at: the caption reads it out.
    await page.hover('[data-view="spacetime"] .st-msg.life[data-msg-kind="append_entries"] .st-hit', { force: true });
    await page.waitForFunction(() => /AppendEntries：条目 3..3，任期 2/.test(document.querySelector('.st-caption').textContent));
    assert.match(await page.textContent('.st-life-list'), /多数派已有这个条目/);
    await page.screenshot({ path: shotOf('spacetime-zh.png') });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('README screenshot: the space-time diagram beside the ring during an election, at 1440x900 and 1280x720', async () => {
  const server = await serveDist();
  const browser = await launchBrowser();
  try {
    for (const [file, viewport] of [
      [shotOf('spacetime-beside.png'), { width: 1440, height: 900 }],
      // Looked at, not shown in the README.
      [path.join(artifactsDir, 'spacetime-beside-1280x720.png'), { width: 1280, height: 720 }],
    ]) {
      const { page, errors, context } = await openPage(browser, `${server.url}?view=spacetime&layout=beside`, { viewport });
      await page.waitForSelector('svg [data-node-id]');
      // The election of the screenshot above: S1 crashes at 1.5 s and S4 wins term 2.
      await page.evaluate(() => {
        window.raftlab.pause();
        window.raftlab.command({ cmd: 'config', seed: 3 });
        window.raftlab.advance(1500);
        window.raftlab.command({ cmd: 'crash', node: 1 });
        window.raftlab.advance(360);
      });
      await page.waitForSelector('[data-view="spacetime"][data-layout="beside"] [data-msg-kind="request_vote"]', { timeout: 15000 });
      assert.equal(await page.locator('[data-view="spacetime"] [data-lane-state="candidate"]').count(), 1);
      await page.screenshot({ path: file });
      assert.deepEqual(errors, []);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
});

test('README screenshot: the rules panel in step mode (issue 15), at 1440x900 and 1024x768', async () => {
  const server = await serveDist();
  const browser = await launchBrowser();
  try {
    for (const [name, viewport] of [
      ['rules-step.png', { width: 1440, height: 900 }],
      ['rules-step-1024x768.png', { width: 1024, height: 768 }],
    ]) {
      const { page, errors } = await openPage(browser, `${server.url}?view=rules`, { viewport });
      await page.waitForSelector('[data-view="rules"]', { timeout: 15000 });
      // The election of tests/e2e/rules.test.mjs, paused before S2's timer fires at 170 ms, then
      // two steps: S2 campaigns, and its first vote request reaches S1.
      await page.evaluate(() => {
        window.raftlab.pause();
        window.raftlab.load('cluster nodes=5 seed=1 election=150..300ms heartbeat=50ms latency=10..15ms');
        window.raftlab.seek(165);
      });
      for (const rule of ['5.2-follower-timeout', '5.1-higher-term']) {
        await page.keyboard.press('ArrowRight');
        await page.waitForSelector(`[data-rule="${rule}"][data-rule-active]`);
      }
      await page.screenshot({ path: shotOf(name) });
      assert.deepEqual(errors, []);
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
