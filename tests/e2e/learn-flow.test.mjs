// Learn mode as a learner and a teacher use it (issue 14, the learn-flow review): a step done by
// hand (click the server, then Crash in its card) with the lesson staying where it was, in English
// and in Chinese; "Continue at step N" after a reload; PageDown on a question in the presenter
// view; the expected violation's alarm gone once the lesson has shown it; "Next lesson"; each
// lesson's `about` in the picker; the highlight kept on the step's servers while its explanation
// shows; a person who has used Learn is not welcomed again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openPage, sharedBrowser } from './harness.mjs';

const shared = sharedBrowser();

const state = (page) => page.evaluate(() => window.raftlab.state());
const panel = (page) => page.locator('.lesson[data-lesson]');
const step = (page, n, done) =>
  page.waitForSelector(`.lesson[data-lesson-step="${n}"]${done === undefined ? '' : `[data-lesson-done="${done}"]`}`, { timeout: 20000 });
const focus = (page) => page.getAttribute('html', 'data-lesson-focus');

// The `about` line of a lesson's file (its English or Chinese), as the picker should show it.
const about = (id, zh) => {
  const text = readFileSync(new URL(`../../www/lessons/${id}.txt`, import.meta.url), 'utf8');
  const tag = zh ? 'about.zh ' : 'about ';
  return text.split('\n').filter((l) => l.startsWith(tag)).map((l) => l.slice(tag.length).trim()).join(zh ? '' : ' ');
};

for (const lang of ['en', 'zh']) {
  test(`a lesson done by hand (${lang}): click the leader, Crash in its card; the lesson stays and its step completes`, async () => {
    const { page, errors } = await openPage(shared.browser, `${shared.server.url}?lesson=roles-and-terms&lang=${lang}`);
    await panel(page).waitFor({ timeout: 15000 });
    assert.equal(await panel(page).getAttribute('lang'), lang);
    // Step 1: the question, answered by a click.
    await page.click('svg .node[data-node-id="1"]');
    await step(page, 1, true);
    let s = await state(page);
    assert.equal(await focus(page), String(s.leader), 'the explanation points at the leader it talks about');

    // Step 2: "click it, then Crash", by hand.
    await page.click('[data-action="lesson-next"]');
    await step(page, 2, false);
    const leader = (await state(page)).leader;
    assert.ok(leader, 'a leader to crash');
    await page.click(`svg .node[data-node-id="${leader}"]`);
    await page.waitForSelector('.node-card');
    assert.equal(await panel(page).count(), 1, 'the card opens beside the lesson, which stays');
    assert.equal(await panel(page).getAttribute('data-lesson-step'), '2');
    await page.click('.node-card [data-action="crash"]');
    await step(page, 2, true);
    s = await state(page);
    assert.equal(s.leader, null, 'the leader crashed');
    assert.equal(await focus(page), String(leader), 'the crashed leader stays marked while the explanation shows');
    // Closing the card leaves the lesson where it was.
    await page.click('.node-card .close');
    await page.waitForSelector('.node-card', { state: 'detached' });
    await step(page, 2, true);
    await page.click(`svg .node[data-node-id="${leader}"]`);
    await page.waitForSelector('.node-card');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.node-card', { state: 'detached' });
    await step(page, 2, true);

    // Step 3: a question again (a click answers it, it opens no card).
    await page.click('[data-action="lesson-next"]');
    await step(page, 3, false);
    await page.click('svg .node[data-node-id="2"]');
    assert.equal(await page.locator('.node-card').count(), 0);
    await step(page, 3, true);

    // Step 4: "click it, then Restart", by hand.
    await page.click('[data-action="lesson-next"]');
    await step(page, 4, false);
    await page.click(`svg .node[data-node-id="${leader}"]`);
    await page.click('.node-card [data-action="restart"]');
    await step(page, 4, true);
    assert.equal(await panel(page).count(), 1);

    // Lesson complete: the next lesson in the list is offered.
    await page.click('[data-action="lesson-next"]');
    await page.waitForSelector('[data-lesson-finished]');
    const next = page.locator('[data-action="lesson-next-lesson"]');
    assert.equal(await next.getAttribute('data-next-lesson'), 'leader-election');
    assert.match(await next.textContent(), lang === 'zh' ? /下一课：领导者选举/ : /Next lesson: Leader election/);
    await next.click();
    await page.waitForSelector('.lesson[data-lesson="leader-election"][data-lesson-step="1"]', { timeout: 15000 });
    assert.deepEqual(errors, []);
  });
}

test('progress resumes: "Continue at step N" after a reload of ?lesson= and in the picker; "Start over"; no welcome after Learn', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?lesson=leader-election`, { firstVisit: true });
  await panel(page).waitFor({ timeout: 15000 });
  assert.equal(await page.locator('[data-action="lesson-continue"]').count(), 0, 'nothing to continue yet');
  await page.click('svg .node[data-node-id="3"]');
  await step(page, 1, true);
  await page.click('[data-action="lesson-next"]');
  await step(page, 2, false);
  const started = await state(page);

  // A reload opens the lesson at step 1 (the address's contract) and offers step 2.
  await page.reload();
  await panel(page).waitFor({ timeout: 15000 });
  assert.equal(await panel(page).getAttribute('data-lesson-step'), '1');
  const offer = page.locator('.lesson [data-action="lesson-continue"]');
  assert.match(await offer.textContent(), /Continue at step 2/);
  await offer.click();
  await step(page, 2, false);
  let s = await state(page);
  assert.equal(s.seed, started.seed);
  assert.ok(Math.abs(s.time_ms - started.time_ms) < 100, `back where step 2 began: ${s.time_ms} vs ${started.time_ms} ms`);
  assert.deepEqual(s.nodes.map((n) => n.term), started.nodes.map((n) => n.term), 'the same cluster');
  await page.click('[data-action="lesson-show-me"]');
  await step(page, 2, true);

  // The picker: Continue, or Start over.
  await page.click('[data-action="learn"]');
  await page.waitForSelector('[data-action="lesson-continue"][data-for="leader-election"]');
  assert.match(await page.textContent('[data-action="lesson-continue"][data-for="leader-election"]'), /Continue at step 2/);
  await page.click('[data-action="lesson-start-over"][data-for="leader-election"]');
  await step(page, 1, false);
  assert.equal(await page.locator('.lesson [data-action="lesson-continue"]').count(), 0, 'no offer after Start over');
  await page.click('[data-action="learn"]');
  await page.click('[data-action="lesson-continue"][data-for="leader-election"]');
  await step(page, 2, false);

  // Learn was used: the bare address does not welcome this person again.
  await page.goto(shared.server.url);
  await page.locator('svg [data-node-id]').first().waitFor();
  await page.waitForTimeout(600);
  assert.equal(await page.locator('dialog[data-welcome]').count(), 0, 'no welcome after a lesson');
  assert.deepEqual(errors, []);
});

test('the presenter view: PageDown on a question shows the answer, then goes on', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?lesson=roles-and-terms&present`);
  await panel(page).waitFor({ timeout: 15000 });
  await step(page, 1, false);
  const t0 = (await state(page)).time_ms;
  await page.waitForTimeout(200);
  assert.equal((await state(page)).time_ms, t0, 'the question waits');
  await page.keyboard.press('PageDown');
  await step(page, 1, true);
  const s = await state(page);
  assert.equal(await page.getAttribute('[data-verdict]', 'data-verdict'), 'shown');
  assert.match(await panel(page).textContent(), new RegExp(`It was S${s.leader}`));
  assert.equal(await focus(page), String(s.leader));
  await page.keyboard.press('PageDown');
  await step(page, 2, false);
  assert.deepEqual(errors, []);
});

test('"Show the answer" under a question, and the keys in the help', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?lesson=leader-election&lang=zh`);
  await panel(page).waitFor({ timeout: 15000 });
  await page.click('.lesson [data-action="lesson-reveal"]');
  await step(page, 1, true);
  assert.equal(await page.getAttribute('[data-verdict]', 'data-verdict'), 'shown');
  await page.keyboard.press('?');
  await page.waitForSelector('.dialog.help');
  assert.match(await page.textContent('.dialog.help'), /PageDown.*揭晓答案/);
  assert.deepEqual(errors, []);
});

test("the reads lesson: the violation it sets out to show leaves no alarm over the lesson", async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?lesson=reads`);
  await panel(page).waitFor({ timeout: 15000 });
  for (let n = 1; n <= 5; n++) {
    await step(page, n, undefined);
    if (await page.locator('.lesson [data-action="lesson-reveal"]').count()) await page.click('.lesson [data-action="lesson-reveal"]');
    const showMe = page.locator('[data-action="lesson-show-me"]');
    if ((await showMe.count()) && !(await showMe.isDisabled())) await showMe.click();
    await step(page, n, true);
    if (n < 5) await page.click('[data-action="lesson-next"]');
  }
  assert.equal((await state(page)).invariants.total > 0, true, 'the violation happened');
  await page.waitForTimeout(700);
  assert.equal(await page.locator('.app > .notice.error').count(), 0, 'no red alarm over the lesson');
  assert.match(await panel(page).textContent(), /Linearizab/i, 'the lesson explains it');
  assert.deepEqual(errors, []);
});

test("the picker shows each lesson's about text under its title, in both languages", async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await page.locator('svg [data-node-id]').first().waitFor();
  await page.click('[data-action="learn"]');
  const entry = '.lesson-entry[data-lesson-id="quorum"] .about';
  await page.waitForSelector(entry);
  assert.equal(await page.textContent(entry), about('quorum', false));
  await page.click('.dialog.lessons [data-lang="zh"]');
  await page.waitForFunction((sel) => /[\u4e00-\u9fff]/.test(document.querySelector(sel)?.textContent ?? ''), entry);
  assert.equal(await page.textContent(entry), about('quorum', true));
  assert.equal(await page.locator('.lesson-entry .about').count(), 11);
  assert.deepEqual(errors, []);
});
