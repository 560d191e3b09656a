// A teacher's own lesson (issue 14: "Teachers can write their own and load them (file or link),
// like scenarios"; docs/lesson-format.md, "Your own lessons"): opened from a file in the Export
// dialog, or from a link that carries it whole (#lesson=..., what `raftlab-cli lesson FILE
// --link URL` prints), it runs in Learn mode like a lesson of the list. A broken one is refused
// with its line, and the run stays as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPage, sharedBrowser } from './harness.mjs';

const shared = sharedBrowser();
const here = path.dirname(fileURLToPath(import.meta.url));
const lesson = fs.readFileSync(path.resolve(here, '../fixtures/own-lesson.txt'), 'utf8');
const panel = (page) => page.locator('.lesson[data-lesson]');

async function openFile(page, name, text) {
  await page.locator('body').press('e');
  await page.waitForSelector('.dialog.files [data-import]', { timeout: 15000 });
  await page.setInputFiles('.dialog.files [data-import]', { name, mimeType: 'text/plain', buffer: Buffer.from(text) });
}

test('a lesson file opened in the Export dialog runs in Learn mode, named by its file; Show me and the simulator take it to its end', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await page.waitForSelector('svg [data-node-id]');
  await openFile(page, 'own-lesson.txt', lesson);
  await page.waitForSelector('.lesson[data-lesson="own-lesson"]', { timeout: 15000 });
  assert.equal(await page.$('.dialog.files'), null, 'the dialog closed');
  assert.match(await panel(page).textContent(), /Wait for a leader\./);
  // Its own cluster: three servers.
  assert.equal(await page.locator('svg [data-node-id]').count(), 3);
  // Step 1 is done when a leader is elected; then step 2, done with Show me.
  await page.waitForSelector('.lesson[data-lesson-done="true"]', { timeout: 20000 });
  await page.click('[data-action="lesson-next"]');
  await page.waitForSelector('.lesson[data-lesson-step="2"]');
  assert.match(await panel(page).textContent(), /Crash the leader\./);
  await page.click('[data-action="lesson-show-me"]');
  await page.waitForSelector('.lesson[data-lesson-done="true"]', { timeout: 20000 });
  assert.match(await panel(page).textContent(), /Without a leader nothing commits/);
  assert.equal((await page.evaluate(() => window.raftlab.state())).leader, null);
  assert.deepEqual(errors, []);
});

test('a link carrying the lesson (#lesson=...) opens it at once, in the language of the address, with no welcome', async () => {
  const url = `${shared.server.url}?lang=zh#lesson=${encodeURIComponent(lesson)}`;
  const { page, errors } = await openPage(shared.browser, url, { firstVisit: true });
  await page.waitForSelector('.lesson[data-lesson]', { timeout: 15000 });
  assert.equal(await panel(page).getAttribute('data-lesson-step'), '1');
  assert.match(await panel(page).textContent(), /等待领导者选出。/);
  assert.match(await panel(page).textContent(), /我自己的一课/);
  assert.equal(await page.$('.welcome'), null, 'a link to something in particular is not welcomed');
  assert.deepEqual(errors, []);
});

test('a broken lesson file is refused with its line, and the run stays as it was', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=5&autoplay=0`);
  await page.waitForSelector('svg [data-node-id]');
  const broken = lesson.replace('until no leader', 'until no leader at all');
  await openFile(page, 'broken.txt', broken);
  const error = page.locator('.learn-error');
  await error.waitFor({ timeout: 15000 });
  assert.match(await error.textContent(), /broken: line 2\d, column \d+: /);
  const s = await page.evaluate(() => window.raftlab.state());
  assert.equal(s.seed, 5, 'the run was not replaced');
  assert.equal(s.nodes.length, 5);
  assert.equal(await page.$('.lesson[data-lesson]'), null);
  assert.deepEqual(errors, []);
});
