// Figure 3: page weight, the gzip -9 size of every response the page loads (HTML, JS, wasm,
// CSS, icons), as Playwright sees them, until the cluster is drawn and the network is idle.
// An icon named by <link rel=icon> that headless Chromium did not fetch is fetched and counted.
import zlib from 'node:zlib';
import { openPage } from '../harness.mjs';

// The budget was 200 KB (issue 6) and is 260 KB since 2026-12-01 (issue 11, shared/TOOLCHAIN.md).
export const BUDGET_BYTES = 260 * 1024;
export const STRETCH_BYTES = 200 * 1024;

export async function pageWeight(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const bodies = new Map();
    page.on('response', async (response) => {
      if (response.status() !== 200 || bodies.has(response.url())) return;
      bodies.set(response.url(), response.body().catch(() => Buffer.alloc(0)));
    });
    await page.goto(url);
    await page.locator('svg [data-node-id]').first().waitFor({ timeout: 30000 });
    await page.waitForLoadState('networkidle');
    const icons = await page.evaluate(() => [...document.querySelectorAll('link[rel~="icon"]')].map((l) => l.href));
    for (const icon of icons) {
      if (!bodies.has(icon)) bodies.set(icon, context.request.get(icon).then((r) => r.body()));
    }
    const files = [];
    for (const [fileUrl, body] of bodies) {
      const raw = await body;
      files.push({
        path: new URL(fileUrl).pathname,
        raw: raw.length,
        gzip: zlib.gzipSync(raw, { level: 9 }).length,
      });
    }
    files.sort((a, b) => b.gzip - a.gzip);
    return {
      files,
      raw: files.reduce((s, f) => s + f.raw, 0),
      gzip: files.reduce((s, f) => s + f.gzip, 0),
    };
  } finally {
    await context.close();
  }
}
