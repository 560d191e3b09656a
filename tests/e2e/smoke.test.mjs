import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPage } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the page loads without console errors and draws five nodes as SVG', async () => {
  const { page, errors } = await openPage(browser, server.url);
  const nodes = page.locator('svg [data-node-id]');
  await nodes.first().waitFor({ timeout: 15000 });
  const ids = await nodes.evaluateAll((els) => els.map((el) => el.getAttribute('data-node-id')));
  assert.deepEqual(ids.sort(), ['1', '2', '3', '4', '5']);
  assert.deepEqual(errors, []);
});
