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
