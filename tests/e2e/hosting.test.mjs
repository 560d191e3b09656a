// Hosting the release build as a documentation site does (issue 16): from a directory of the
// host rather than its root, and under a strict Content Security Policy. Both leave the page
// blank when they fail, so each test boots the app, runs a preset and opens a dialog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serveDist, launchBrowser, openPage, cspViolations, artifactsDir } from './harness.mjs';

const SUBPATH = '/docs/raftlab/';
// The policy of issue 16: nothing inline, scripts and styles from the page's own origin only,
// and WebAssembly compilation allowed.
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const simTime = (page) => page.$eval('[data-sim-time]', (el) => Number(el.dataset.simTime));

/** Runs `body(server, browser)` against dist/ served with `options`, then stops both. */
async function withServer(options, body) {
  const server = await serveDist(options);
  const browser = await launchBrowser();
  try {
    await body(server, browser);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Waits for the drawing; a blank page fails with what the browser said, not a bare timeout. */
async function waitForBoot(page, errors, failed) {
  try {
    await page.waitForSelector('svg [data-node-id]', { timeout: 15000 });
  } catch {
    const csp = await cspViolations(page);
    throw new Error(`the page did not boot:\n${[...errors, ...failed, ...csp].join('\n')}`);
  }
}

async function loadPreset(page, id) {
  await page.click('[data-action="scenarios"]');
  await page.waitForSelector('.dialog.scenarios');
  await page.click(`[data-preset="${id}"]`);
  await page.waitForSelector('.dialog.scenarios', { state: 'detached' });
}

test('served from a subpath (/docs/raftlab/), the page boots, elects a leader, runs a preset and shares a link', async () => {
  await withServer({ prefix: SUBPATH }, async (server, browser) => {
    assert.ok(server.url.endsWith(SUBPATH));
    const { page, errors, failed } = await openPage(browser, server.url);
    await waitForBoot(page, errors, failed);
    assert.equal(await page.locator('svg [data-node-id]').count(), 5, 'five servers are drawn');
    await page.waitForSelector('svg .node[data-role="leader"]', { timeout: 15000 });

    // Every asset the built page names is relative to it.
    const assetUrls = await page.$$eval('script[src], link[href], [data-raftlab-js], [data-raftlab-wasm]', (els) =>
      els.flatMap((el) => ['src', 'href', 'data-raftlab-js', 'data-raftlab-wasm'].map((a) => el.getAttribute(a)).filter(Boolean)),
    );
    for (const url of assetUrls) assert.match(url, /^\.\/[^/]+$/, `${url} is relative to the page`);

    await loadPreset(page, 'figure8');
    await page.evaluate(() => window.raftlab.pause());
    await page.evaluate(() => window.raftlab.advance(1200));
    assert.equal(await page.evaluate(() => window.raftlab.state().leader), 5, 'Figure 8 ran: S5 leads at 1.2 s');

    // A shared link keeps the directory, and replays the same run from it.
    await page.click('[data-action="share"]');
    const link = page.url();
    assert.ok(link.startsWith(`${server.url}#run=`), `the link stays under the subpath: ${link}`);
    const original = await page.evaluate(() => window.raftlab.state());
    const { page: other, errors: otherErrors, failed: otherFailed } = await openPage(browser, link);
    await other.waitForSelector('svg [data-node-id]');
    const replayed = await other.evaluate(() => window.raftlab.state());
    assert.equal(replayed.time_ms, original.time_ms);
    assert.deepEqual(replayed.nodes, original.nodes);

    // The page opened by its file name resolves the same relative URLs.
    const { page: byName, errors: byNameErrors, failed: byNameFailed } = await openPage(browser, `${server.url}index.html?scenario=leader-election`);
    await byName.waitForSelector('svg .node[data-role="leader"]', { timeout: 15000 });

    // What the page loaded, from its first request: nothing outside the subpath.
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    assert.ok(loaded.some((p) => p.endsWith('.wasm')), `the wasm is among the loads: ${loaded}`);
    assert.ok(loaded.every((p) => p.startsWith(SUBPATH)), `every load stays under ${SUBPATH}: ${loaded}`);
    assert.deepEqual([...errors, ...otherErrors, ...byNameErrors], []);
    assert.deepEqual([...failed, ...otherFailed, ...byNameFailed], []);
  });
});

test('under a strict Content Security Policy the page boots, plays a preset, marks its timeline and opens dialogs, with no violation', async () => {
  await withServer({ headers: { 'content-security-policy': STRICT_CSP } }, async (server, browser) => {
    const { page, errors, failed } = await openPage(browser, server.url);
    const response = await page.request.get(server.url);
    assert.equal(response.headers()['content-security-policy'], STRICT_CSP, 'the policy is served');
    await waitForBoot(page, errors, failed);
    assert.equal(await page.locator('svg [data-node-id]').count(), 5, 'five servers are drawn');
    assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');

    await loadPreset(page, 'figure8');
    // Playing: the clock moves on by itself.
    const startedAt = await simTime(page);
    await page.waitForFunction((t) => Number(document.querySelector('[data-sim-time]').dataset.simTime) > t + 300, startedAt, { timeout: 15000 });
    await page.evaluate(() => window.raftlab.pause());
    await page.evaluate(() => window.raftlab.advance(1200));

    // The preset's faults are marked along the timeline, each at its own place.
    const marks = await page.$$eval('.controls .timeline .mark', (els) => els.map((el) => el.getBoundingClientRect()));
    assert.ok(marks.length >= 8, `the timeline marks the preset's faults (${marks.length})`);
    const lefts = new Set(marks.map((r) => Math.round(r.left)));
    assert.ok(lefts.size >= 6, `the marks are at distinct positions: ${[...lefts]}`);
    assert.ok(marks.every((r) => r.width > 1 && r.height > 4), 'each mark is drawn');

    // A server's card, the dialogs, the other theme.
    await page.click('svg .node[data-node-id="5"]');
    await page.waitForSelector('.node-card');
    await page.keyboard.press('?');
    await page.waitForSelector('.dialog.help');
    assert.match(await page.textContent('.dialog.help'), /pause \/ play/);
    await page.keyboard.press('Escape');
    await page.click('[data-action="settings"]');
    await page.waitForSelector('.dialog.settings');
    await page.keyboard.press('Escape');
    await page.click('button[aria-label="Switch between light and dark"]');
    await page.waitForSelector('.app[data-theme="dark"]');

    assert.equal(await page.locator('[style]').count(), 0, 'no inline style attribute anywhere');
    assert.deepEqual(await cspViolations(page), [], 'no Content Security Policy violation');
    assert.deepEqual(errors, []);
    assert.deepEqual(failed, []);
  });
});

test('both at once: from a subpath under the strict policy (screenshot in artifacts/)', async () => {
  await withServer({ prefix: SUBPATH, headers: { 'content-security-policy': STRICT_CSP } }, async (server, browser) => {
    const { page, errors, failed } = await openPage(browser, `${server.url}?scenario=figure8`, { viewport: { width: 1280, height: 900 } });
    await waitForBoot(page, errors, failed);
    await page.evaluate(() => {
      window.raftlab.pause();
      window.raftlab.advance(1200);
    });
    await page.click('svg .node[data-node-id="5"]');
    await page.screenshot({ path: path.join(artifactsDir, 'hosted-subpath-strict-csp.png'), fullPage: true });
    assert.equal(await page.evaluate(() => window.raftlab.state().leader), 5);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(errors, []);
    assert.deepEqual(failed, []);
  });
});

test('the embedding example works from a subpath under the strict policy too', async () => {
  await withServer({ prefix: SUBPATH, headers: { 'content-security-policy': STRICT_CSP } }, async (server, browser) => {
    const { page, errors, failed } = await openPage(browser, `${server.url}embed-example.html`);
    const frame = page.frameLocator('#raftlab');
    await frame.locator('svg [data-node-id]').first().waitFor({ timeout: 15000 });
    await page.click('button:has-text("Pause")');
    await page.click('button:has-text("Crash S1")');
    await frame.locator('svg .node[data-node-id="1"][data-role="crashed"]').waitFor({ timeout: 5000 });
    const embedded = page.frame({ url: /index\.html\?embed/ });
    assert.deepEqual(await cspViolations(page), [], 'no violation in the embedding page');
    assert.deepEqual(await cspViolations(embedded), [], 'no violation in the embedded app');
    assert.deepEqual(errors, []);
    assert.deepEqual(failed, []);
  });
});
