// Projector sizes (issue 14): at 1280x720 and 1024x768 a teacher can show the drawing, the
// playback bar and every server's log at once, without scrolling the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, sharedBrowser } from './harness.mjs';

const shared = sharedBrowser();

for (const [width, height] of [[1280, 720], [1024, 768], [1440, 900]]) {
  test(`at ${width}x${height} the drawing, the playback bar and all five logs are in view`, async () => {
    const { page, errors } = await openPage(shared.browser, `${shared.server.url}?scenario=figure8`, {
      viewport: { width, height },
    });
    await page.waitForSelector('svg [data-node-id]');
    await page.evaluate(() => {
      window.raftlab.pause();
      window.raftlab.seek(1200);
    });
    const seen = await page.evaluate(() => {
      const box = (selector) => document.querySelector(selector).getBoundingClientRect();
      const rows = [...document.querySelectorAll('.log-grid tbody tr')].map((tr) => tr.getBoundingClientRect().bottom);
      return {
        pageHeight: document.scrollingElement.scrollHeight,
        drawing: box('svg.cluster'),
        controls: box('.controls'),
        rows,
      };
    });
    assert.ok(seen.pageHeight <= height, `the page does not scroll (${seen.pageHeight} > ${height})`);
    assert.ok(seen.drawing.height >= 250, `the drawing is ${seen.drawing.height} px tall`);
    assert.ok(seen.controls.bottom <= height, 'the playback bar is in view');
    assert.equal(seen.rows.length, 5);
    for (const bottom of seen.rows) assert.ok(bottom <= height, `a log row ends at ${bottom}, below ${height}`);
    assert.deepEqual(errors, []);
  });
}

// Browser zoom at 150% on a 1440x900 screen: the page is laid out in 960x600 CSS px, each drawn
// with 1.5 device pixels. The drawing and its captions must come out larger on the screen than at
// 100%, not smaller (a layout that shrank the drawing to fit would undo the zoom).
test('browser zoom at 150%: the drawing and its captions are larger on the screen than at 100%', async () => {
  const measure = async (viewport, deviceScaleFactor) => {
    const { page, errors, context } = await openPage(shared.browser, shared.server.url, { viewport, deviceScaleFactor });
    await page.waitForSelector('svg [data-node-id]');
    const sizes = await page.evaluate(() => ({
      node: document.querySelector('svg .node[data-node-id="1"]').getBoundingClientRect().width,
      caption: document.querySelector('.node-words .node-caption').getBoundingClientRect().height,
    }));
    assert.deepEqual(errors, []);
    await context.close();
    return { node: sizes.node * deviceScaleFactor, caption: sizes.caption * deviceScaleFactor };
  };
  const normal = await measure({ width: 1440, height: 900 }, 1);
  const zoomed = await measure({ width: 960, height: 600 }, 1.5);
  assert.ok(zoomed.node > normal.node * 1.1, `a server: ${zoomed.node} device px zoomed, ${normal.node} at 100%`);
  assert.ok(zoomed.caption > normal.caption * 1.1, `a caption: ${zoomed.caption} device px zoomed, ${normal.caption} at 100%`);
});

test('a write\'s log cell shows the key and value under its term; a no-op only its term', async () => {
  const { page, errors, context } = await openPage(shared.browser, `${shared.server.url}?scenario=log-replication`);
  await page.waitForSelector('svg [data-node-id]');
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.seek(3000);
  });
  const cells = await page.$$eval('tr[data-log-node="1"] td.entry', (tds) => tds.map((td) => td.querySelector('.cmd')?.textContent ?? ''));
  assert.deepEqual(cells, ['', 'x=1', 'y=2', 'x=3'], 'index 1 is the leader\'s no-op, then the three writes');
  assert.deepEqual(errors, []);
  await context.close();
});

// A lesson at projector sizes (issue 14 review): Figure 8's step 5, its long text and its
// question, then the verdict and the explanation once answered, all readable in the lesson's
// column (nothing cut off in a panel too short), its buttons in view; the drawing, the playback
// bar and all five logs still in view, in the normal layout and the presenter view.
const inView = (page, selectors) => page.evaluate((selectors) => {
  const lesson = document.querySelector('.lesson[data-lesson]');
  const frame = lesson.getBoundingClientRect();
  const out = { hidden: lesson.scrollHeight - lesson.clientHeight, problems: [] };
  for (const selector of selectors) {
    const el = document.querySelector(selector);
    if (!el) { out.problems.push(`${selector} missing`); continue; }
    const box = el.getBoundingClientRect();
    if (box.top < Math.max(0, frame.top) - 1 || box.bottom > Math.min(innerHeight, frame.bottom) + 1) out.problems.push(`${selector} at ${box.top}-${box.bottom}, the lesson shows ${frame.top}-${frame.bottom}`);
  }
  const logs = document.querySelector('.panel.logs').getBoundingClientRect();
  for (const tr of document.querySelectorAll('.log-grid tbody tr')) {
    if (tr.getBoundingClientRect().bottom > Math.min(logs.bottom, innerHeight) + 1) out.problems.push(`a log row ends at ${tr.getBoundingClientRect().bottom}, its panel at ${logs.bottom}`);
  }
  for (const selector of ['svg.cluster', '.controls']) {
    if (document.querySelector(selector).getBoundingClientRect().bottom > innerHeight) out.problems.push(`${selector} below the window`);
  }
  if (document.scrollingElement.scrollHeight > innerHeight) out.problems.push('the page scrolls');
  return out;
}, selectors);

for (const [width, height] of [[1280, 720], [1024, 768]]) for (const present of [false, true]) {
  test(`at ${width}x${height}${present ? ' in the presenter view' : ''}, Figure 8's step 5 and its answer are whole on screen`, async () => {
    const { page, errors } = await openPage(shared.browser, `${shared.server.url}?lesson=figure8${present ? '&present' : ''}`, { viewport: { width, height } });
    await page.waitForSelector('.lesson[data-lesson]', { timeout: 15000 });
    for (let step = 1; step < 5; step++) {
      await page.waitForSelector('.lesson[data-lesson-done="true"]', { timeout: 30000 });
      await page.click('[data-action="lesson-next"]');
    }
    await page.waitForSelector('.lesson[data-lesson-step="5"] .question .prompt');
    let seen = await inView(page, ['.lesson h2', '.lesson .say', '.lesson .question', '.lesson .actions']);
    assert.deepEqual(seen.problems, []);
    assert.ok(seen.hidden <= 1, `${seen.hidden} px of the step are scrolled out of the lesson`);
    await page.click('svg .node[data-node-id="5"]');
    await page.waitForSelector('.lesson .verdict');
    await page.waitForSelector('.lesson .then', { timeout: 30000 });
    seen = await inView(page, ['.lesson .actions']);
    assert.deepEqual(seen.problems, []);
    // The verdict and the explanation: whole in the lesson, or a scroll away with the buttons in view.
    for (const selector of ['.lesson .verdict', '.lesson .then']) {
      await page.$eval(selector, (el) => el.scrollIntoView({ block: 'nearest' }));
      assert.deepEqual((await inView(page, [selector, '.lesson .actions'])).problems, []);
    }
    if (present) {
      const cell = await page.$eval('.log-grid .entry', (td) => ({ height: td.getBoundingClientRect().height, cmd: parseFloat(getComputedStyle(td.querySelector('.cmd') ?? td).fontSize) }));
      assert.ok(cell.height >= 32, `a log cell is ${cell.height} px tall`);
      assert.ok(cell.cmd >= 12, `a write's command is ${cell.cmd} px`);
      assert.equal(await page.isVisible('[data-action="add-server"]'), false, 'no adding servers in a lecture');
    }
    assert.deepEqual(errors, []);
  });
}

test('at 1280x720 the leader-election question answered: the verdict and the explanation are on screen', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?lesson=leader-election`, { viewport: { width: 1280, height: 720 } });
  await page.waitForSelector('.lesson[data-lesson] .question', { timeout: 15000 });
  await page.click('svg .node[data-node-id="2"]');
  await page.waitForSelector('.lesson .then', { timeout: 30000 });
  const seen = await inView(page, ['.lesson .say', '.lesson .verdict', '.lesson .then', '.lesson .actions']);
  assert.deepEqual(seen.problems, []);
  assert.ok(seen.hidden <= 1, `${seen.hidden} px of the step are scrolled out of the lesson`);
  assert.deepEqual(errors, []);
});

// The legend (issue 14 review): a plain disclosure. Folded on a short screen, it opens when its
// title is clicked (and stays open when the pointer leaves); it explains the marks on the drawing
// and in the logs.
for (const [width, height, open] of [[1280, 720, false], [1920, 1080, true]]) {
  test(`at ${width}x${height} the legend is ${open ? 'open' : 'folded'} at first and opens and closes by a click`, async () => {
    const { page, errors } = await openPage(shared.browser, shared.server.url, { viewport: { width, height } });
    await page.waitForSelector('svg [data-node-id]');
    const isOpen = () => page.$eval('.legend', (d) => d.open);
    const listShown = () => page.$eval('.legend ul', (ul) => ul.getBoundingClientRect().height > 20);
    assert.equal(await isOpen(), open);
    if (!open) await page.click('.legend summary');
    await page.mouse.move(2, 2);
    assert.ok(await isOpen());
    assert.ok(await listShown(), 'the list shows when the legend is open');
    const text = await page.locator('.legend').innerText();
    for (const words of ['its current term', 'voted S2', 'not yet committed', 'applied up to here', 'next index', 'match index']) {
      assert.ok(text.includes(words), `"${words}" in the legend: ${text}`);
    }
    await page.click('.legend summary');
    assert.equal(await isOpen(), false);
    assert.deepEqual(errors, []);
  });
}
