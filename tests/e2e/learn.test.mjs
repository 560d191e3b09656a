// Learn mode (issue 14) in the release build: a module of its own that the first download does
// not carry, the lesson picker, a lesson followed step by step (a question answered by a click,
// "Show me", "Back", "Next", progress kept), `?lesson=` and `?lang=zh`, the servers a step
// points at, a bad lesson id, and a strict Content Security Policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, sharedBrowser, serveDist, launchBrowser, cspViolations } from './harness.mjs';

const shared = sharedBrowser();

const state = (page) => page.evaluate(() => window.raftlab.state());
const panel = (page) => page.locator('.lesson[data-lesson]');
const stepNumber = async (page) => Number(await panel(page).getAttribute('data-lesson-step'));
const waitDone = (page) => page.waitForSelector('.lesson[data-lesson-done="true"]', { timeout: 20000 });

test('Learn mode is fetched when first opened, and lists the lessons in teaching order', async () => {
  const requests = [];
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.waitForSelector('svg [data-node-id]');
  await page.waitForTimeout(300);
  assert.deepEqual(requests.filter((p) => /learn\.css|raftlab-on-demand/.test(p)), [], 'nothing of Learn mode before it is opened');

  await page.click('[data-action="learn"]');
  await page.waitForSelector('.dialog.lessons .lesson-entry');
  const fetched = requests.filter((p) => /learn\.css|raftlab-on-demand/.test(p)).map((p) => p.split('/').pop()).sort();
  assert.deepEqual(fetched, ['learn.css', 'raftlab-on-demand.js', 'raftlab-on-demand_bg.wasm']);
  const entries = await page.$$eval('.lesson-entry', (els) =>
    els.map((el) => ({ id: el.dataset.lessonId, ready: !el.disabled, title: el.querySelector('.title').textContent })),
  );
  assert.equal(entries.length, 11);
  assert.deepEqual(entries.slice(0, 3).map((e) => e.id), ['roles-and-terms', 'leader-election', 'log-replication']);
  assert.deepEqual(entries.filter((e) => !e.ready).map((e) => e.id), [], 'every lesson is written');
  assert.equal(await page.getAttribute('.dialog.lessons', 'aria-modal'), 'true');
  assert.ok(await page.evaluate(() => document.querySelector('main').inert), 'the page behind the picker is inert');

  // Escape closes it; the g key opens it again.
  await page.keyboard.press('Escape');
  await page.waitForSelector('.dialog.lessons', { state: 'detached' });
  await page.keyboard.press('g');
  await page.waitForSelector('.dialog.lessons');
  assert.deepEqual(errors, []);
});

test('a lesson: the question waits for a click, the simulator judges each step; Show me, Back, Next, progress', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await page.waitForSelector('svg [data-node-id]');
  await page.click('[data-action="learn"]');
  await page.click('[data-lesson-id="leader-election"]');
  await panel(page).waitFor();
  assert.equal(await stepNumber(page), 1);
  // The lesson's own run (seed 3), paused at its start until the learner answers.
  let s = await state(page);
  assert.equal(s.seed, 3);
  const t0 = s.time_ms;
  await page.waitForTimeout(300);
  assert.equal((await state(page)).time_ms, t0, 'the run waits for the answer');
  assert.match(await panel(page).textContent(), /Click a server on the drawing to answer/);

  // The answer: a click on S3 answers (it does not open S3's card), then the run goes on.
  await page.click('svg .node[data-node-id="3"]');
  assert.equal(await page.locator('.node-card').count(), 0, 'no card opened');
  await waitDone(page);
  s = await state(page);
  const verdict = await page.getAttribute('[data-verdict]', 'data-verdict');
  assert.equal(verdict, s.leader === 3 ? 'right' : 'wrong', `leader S${s.leader}, verdict ${verdict}`);
  assert.match(await panel(page).textContent(), new RegExp(`S${s.leader}`));
  // Paused where the condition held, so the learner can read what happened.
  const doneAt = s.time_ms;
  await page.waitForTimeout(200);
  assert.equal((await state(page)).time_ms, doneAt, 'paused when the step was done');

  // Step 2: Show me crashes the leader and splits the vote; done when a leader of term >= 3 rules.
  await page.click('[data-action="lesson-next"]');
  await page.waitForSelector('.lesson[data-lesson-step="2"][data-lesson-done="false"]');
  const stepStart = (await state(page)).time_ms;
  await page.click('[data-action="lesson-show-me"]');
  // Once per step: its actions done twice would spoil it.
  assert.ok(await page.isDisabled('[data-action="lesson-show-me"]'), 'Show me is spent');
  await waitDone(page);
  s = await state(page);
  assert.ok(s.nodes.find((n) => n.id === s.leader).term >= 3, 'a leader of term 3 or later');
  assert.ok(s.nodes.some((n) => !n.up), 'the old leader is down');

  // Back: the run returns to the step's start, and the step waits again.
  await page.click('[data-action="lesson-back"]');
  await page.waitForSelector('.lesson[data-lesson-step="2"][data-lesson-done="false"]');
  s = await state(page);
  assert.ok(s.time_ms - stepStart < 200, `back at ${s.time_ms} ms, the step began at ${stepStart} ms`);
  assert.ok(s.nodes.every((n) => n.up), 'before the crash again');
  await page.click('[data-action="lesson-show-me"]');
  await waitDone(page);

  // Step 3 points at the crashed server: it is marked on the drawing.
  await page.click('[data-action="lesson-next"]');
  await page.waitForSelector('.lesson[data-lesson-step="3"]');
  const crashed = (await state(page)).nodes.find((n) => !n.up).id;
  assert.equal(await page.getAttribute('html', 'data-lesson-focus'), String(crashed));
  await page.click('[data-action="lesson-show-me"]');
  await waitDone(page);
  assert.match(await page.textContent('[data-action="lesson-next"]'), /Finish/);
  await page.click('[data-action="lesson-next"]');
  await page.waitForSelector('[data-lesson-finished]');
  assert.equal(await page.getAttribute('html', 'data-lesson-focus'), null, 'no mark left behind');

  // Progress is kept: the picker shows the lesson done, after a reload too.
  await page.reload();
  await page.waitForSelector('svg [data-node-id]');
  await page.click('[data-action="learn"]');
  await page.waitForSelector('[data-lesson-id="leader-election"] .progress');
  assert.equal(await page.textContent('[data-lesson-id="leader-election"] .progress'), '✓');
  assert.deepEqual(errors, []);
});

test('?lesson= and ?lang=zh open a lesson in Chinese; a scenario loaded by the person closes it', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?lesson=quorum&lang=zh`);
  await panel(page).waitFor({ timeout: 15000 });
  assert.equal(await panel(page).getAttribute('lang'), 'zh');
  assert.equal(await panel(page).getAttribute('data-lesson'), 'quorum');
  assert.match(await panel(page).textContent(), /法定人数/);
  assert.match(await panel(page).textContent(), /第 1 步，共 \d+ 步/);
  // EN switches the lesson's language in place (and the whole module's: tests/e2e/i18n.test.mjs).
  await page.click('.lesson [data-lang="en"]');
  await page.waitForSelector('.lesson[data-lesson][lang="en"]');
  assert.match(await panel(page).textContent(), /Quorum/);
  assert.equal(await panel(page).getAttribute('data-lesson-step'), '1');

  await page.click('[data-action="scenarios"]');
  await page.click('[data-preset="figure8"]');
  await page.waitForSelector('.dialog.scenarios', { state: 'detached' });
  await panel(page).waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('a lesson that does not exist: a clear error, the picker, the page unchanged', async () => {
  const { page, failed } = await openPage(shared.browser, `${shared.server.url}?lesson=no-such-lesson`);
  await page.waitForSelector('.dialog.lessons', { timeout: 15000 });
  assert.match(await page.textContent('.learn-error'), /Could not open the lesson: could not load lessons\/no-such-lesson\.txt \(HTTP 404\)/);
  assert.equal((await state(page)).nodes.length, 5, 'the default cluster still runs');
  assert.deepEqual(failed.map((f) => f.replace(/^.*\//, '')), ['no-such-lesson.txt: HTTP 404']);
});

test('under a strict Content Security Policy, Learn mode loads and runs a lesson', async () => {
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
  const server = await serveDist({ headers: { 'Content-Security-Policy': csp } });
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPage(browser, `${server.url}?lesson=roles-and-terms`);
    await panel(page).waitFor({ timeout: 15000 });
    await page.click('svg .node[data-node-id="1"]');
    await waitDone(page);
    await page.click('[data-action="lesson-next"]');
    await page.click('[data-action="lesson-show-me"]');
    await waitDone(page);
    assert.equal((await state(page)).leader, null, 'Show me crashed the leader');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('the presenter view: ?present enlarges the lesson and the drawing, hides the rest; PageDown and PageUp step', async () => {
  const viewport = { width: 1024, height: 768 };
  const drawingHeight = (page) => page.$eval('svg.cluster', (svg) => svg.getBoundingClientRect().height);
  const normal = await openPage(shared.browser, `${shared.server.url}?lesson=figure8`, { viewport });
  await panel(normal.page).waitFor({ timeout: 15000 });
  const normalHeight = await drawingHeight(normal.page);

  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?lesson=figure8&present`, { viewport });
  await panel(page).waitFor({ timeout: 15000 });
  assert.equal(await page.getAttribute('body', 'data-present'), '');
  for (const hidden of ['.topbar', '.panel.safety', '.panel.network', '.panel.narration', '.panel.kv']) {
    assert.equal(await page.isVisible(hidden), false, `${hidden} is hidden`);
  }
  for (const shown of ['svg.cluster', '.controls', '.panel.logs', '.lesson .say']) {
    assert.ok(await page.isVisible(shown), `${shown} is shown`);
  }
  const presentHeight = await drawingHeight(page);
  assert.ok(presentHeight > normalHeight * 1.1, `the drawing grows: ${normalHeight} -> ${presentHeight} px`);
  const size = await page.$eval('.lesson .say', (el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(size >= 22, `the lesson's text is ${size} px`);
  // The whole view fits the projector's screen.
  assert.ok(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight), 'no scrolling');

  // PageDown: Show me, or Next once the step is done; PageUp: back to the step's start.
  await waitDone(page);
  await page.keyboard.press('PageDown');
  await page.waitForSelector('.lesson[data-lesson-step="2"]');
  const start = (await state(page)).time_ms;
  await page.waitForTimeout(400);
  await page.keyboard.press('PageUp');
  await page.waitForSelector('.lesson[data-lesson-step="2"][data-lesson-done="false"]');
  assert.ok((await state(page)).time_ms - start < 100, 'back at the step\'s start');
  // v leaves the view.
  await page.keyboard.press('v');
  assert.equal(await page.getAttribute('body', 'data-present'), null);
  assert.ok(await page.isVisible('.panel.safety'));
  assert.deepEqual(errors, []);
});

test('a first visit is welcomed: the lessons or the sandbox, in the browser\'s language; never again, and never in an embed', async () => {
  const { page, errors, context } = await openPage(shared.browser, shared.server.url, { firstVisit: true });
  const welcome = page.locator('dialog[data-welcome]');
  await welcome.waitFor();
  assert.match(await welcome.innerText(), /Welcome to Raftlab/);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.welcomeChoice), 'lessons', 'it takes the focus');
  await page.click('[data-welcome-choice="lessons"]');
  await page.waitForSelector('.dialog.lessons');
  assert.equal(await welcome.count(), 0);
  // Welcomed once: a reload goes straight to the page.
  await page.reload();
  await page.locator('svg [data-node-id]').first().waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('dialog[data-welcome]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();

  const zh = await openPage(shared.browser, shared.server.url, { firstVisit: true, locale: 'zh-CN' });
  await zh.page.locator('dialog[data-welcome]').waitFor();
  assert.match(await zh.page.locator('dialog[data-welcome]').innerText(), /欢迎来到 Raftlab/);
  await zh.page.keyboard.press('Escape');
  await zh.page.locator('dialog[data-welcome]').waitFor({ state: 'detached' });
  assert.equal(await zh.page.evaluate(() => localStorage.getItem('raftlab-welcomed')), '1');
  await zh.context.close();

  for (const query of ['?embed', '?lesson=commit', '?scenario=figure8']) {
    const other = await openPage(shared.browser, shared.server.url + query, { firstVisit: true });
    await other.page.locator('svg [data-node-id]').first().waitFor();
    await other.page.waitForTimeout(500);
    assert.equal(await other.page.locator('dialog[data-welcome]').count(), 0, `no welcome with ${query}`);
    await other.context.close();
  }
});

test("Back keeps the lesson's own script: a step of Figure 8 begun again still reaches its end", async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?lesson=figure8`);
  await panel(page).waitFor({ timeout: 15000 });
  await waitDone(page);
  await page.click('[data-action="lesson-next"]');
  await page.waitForSelector('.lesson[data-lesson-step="2"][data-lesson-done="false"]');
  const scripted = async () => (await page.evaluate(() => window.raftlab.exportTrace())).commands.length;
  const before = await scripted();
  // Back at once, then again a little later: each time the run is the one the step began on,
  // the script's partitions, write and timeouts still ahead (a rewind discarded them: S5 never led).
  await page.click('[data-action="lesson-back"]');
  await page.waitForTimeout(300);
  await page.click('[data-action="lesson-back"]');
  await page.waitForSelector('.lesson[data-lesson-step="2"][data-lesson-done="false"]');
  assert.equal(await scripted(), before, 'the script is still ahead');
  await waitDone(page);
  assert.equal((await state(page)).leader, 5, 'S5 leads, as the script has it');
  assert.deepEqual(errors, []);
});
