// Figure 6: idle cost, animation frames and timer wake-ups per second the page asks for.
//
// How: a CDP trace of the page's renderer main thread over a window; FireAnimationFrame
// events are requestAnimationFrame callbacks, TimerFire events are setTimeout/setInterval
// callbacks; RunTask counts every main-thread task (Chromium's own included) for context.
//  - paused: raftlab.pause(), then the window.
//  - hidden: playing, with the page made hidden. Headless Chromium keeps every tab visible
//    (a tab opened in front, a minimised window and focus emulation all leave
//    document.visibilityState 'visible'; Page.setWebLifecycleState 'frozen' stops the whole
//    page, which proves nothing about the app). So an init script makes document.hidden /
//    visibilityState report 'hidden' and fires visibilitychange, as a real tab switch does.
//    The browser still grants every rAF the page requests, so this is stricter than a real
//    hidden tab (where rAF never fires): any frame the app keeps asking for is counted.
import { openApp, api, sleep, startTrace, mainThreadEvents } from './lib.mjs';

const WINDOW_MS = 5000;

const HIDEABLE = () => {
  let hidden = false;
  Object.defineProperty(document, 'hidden', { get: () => hidden, configurable: true });
  Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible'), configurable: true });
  window.__benchSetHidden = (h) => {
    hidden = h;
    document.dispatchEvent(new Event('visibilitychange'));
  };
};

async function wakeUps(cdp) {
  const stop = await startTrace(cdp);
  await sleep(WINDOW_MS);
  const main = mainThreadEvents(await stop());
  const perS = (name) => (main.filter((e) => e.name === name).length * 1000) / WINDOW_MS;
  return { rafPerS: perS('FireAnimationFrame'), timersPerS: perS('TimerFire'), tasksPerS: perS('RunTask') };
}

export async function idleCost(browser, url) {
  const { page, cdp, context } = await openApp(browser, url);
  try {
    await page.addInitScript(HIDEABLE);
    await page.reload();
    await page.locator('svg [data-node-id]').first().waitFor({ timeout: 30000 });
    await api(page, 'play');
    await sleep(500);
    const playing = await wakeUps(cdp);
    await api(page, 'pause');
    await sleep(500);
    const paused = await wakeUps(cdp);
    await api(page, 'play');
    await page.evaluate(() => window.__benchSetHidden(true));
    await sleep(500);
    const hidden = await wakeUps(cdp);
    return { playing, paused, hidden };
  } finally {
    await context.close();
  }
}
