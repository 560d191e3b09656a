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
