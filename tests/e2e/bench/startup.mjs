// Figure 4: start-up, from navigation to the first drawn cluster (an element
// `svg [data-node-id]` in the DOM), in a fresh browser context (empty cache) each load.
// An init script's MutationObserver notes performance.now() (ms since navigation start)
// the moment the first node appears.
import { median } from './lib.mjs';

const FIRST_NODE = () => {
  const seen = () => {
    if (window.__firstNodeMs === undefined && document.querySelector('svg [data-node-id]')) {
      window.__firstNodeMs = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true, attributes: true });
};

export async function startUp(browser, url, loads = 5) {
  const times = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.addInitScript(FIRST_NODE);
      await page.goto(url);
      await page.waitForFunction(() => window.__firstNodeMs !== undefined, null, { timeout: 30000 });
      times.push(await page.evaluate(() => window.__firstNodeMs));
    } finally {
      await context.close();
    }
  }
  return { median: median(times), times };
}
