// Takes the README's screenshot from the real release build: a five-server cluster mid-run,
// with a client write being replicated. `make test` writes it to artifacts/ (the tree stays
// clean); `make screenshot` writes docs/screenshot.png, the README's image.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, launchBrowser, openPage, artifactsDir } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const target = process.env.SCREENSHOT_FOR_README
  ? path.resolve(here, '../../docs/screenshot.png')
  : path.join(artifactsDir, 'screenshot.png');

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
