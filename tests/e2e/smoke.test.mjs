import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, sharedBrowser } from './harness.mjs';

const shared = sharedBrowser();

test('the page loads without console errors and draws five nodes as SVG', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  const nodes = page.locator('svg [data-node-id]');
  await nodes.first().waitFor({ timeout: 15000 });
  const ids = await nodes.evaluateAll((els) => els.map((el) => el.getAttribute('data-node-id')));
  assert.deepEqual(ids.sort(), ['1', '2', '3', '4', '5']);
  assert.deepEqual(errors, []);
});
