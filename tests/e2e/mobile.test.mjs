// Phones and tablets (issue 16): at 390 x 844 with touch, every control is a target of at least
// 44 x 44 CSS px, the drawing is whole, nothing scrolls sideways, pinch-zoom works, and a person
// crashes a server and partitions the network by tapping alone. Screenshots in artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openPage, sharedBrowser, artifactsDir } from './harness.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };
const MIN_TARGET = 44;

const shared = sharedBrowser();

async function phonePage(device = PHONE) {
  const opened = await openPage(shared.browser, shared.server.url, device);
  const { page } = opened;
  await page.waitForSelector('svg [data-node-id]');
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.command({ cmd: 'config', seed: 11 });
    window.raftlab.advance(2000);
    while (window.raftlab.state().in_flight.length === 0) window.raftlab.advance(1);
  });
  return opened;
}

/**
 * Every control on screen whose target is smaller than 44 x 44 CSS px, described. HTML controls
 * by their box (a checkbox or radio by its label, which takes the tap); SVG targets by what takes
 * the tap: a server's shape, a message's hit circle, a link's hit stroke (its width, scaled).
 */
const smallTargets = (page) =>
  page.evaluate((min) => {
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[inert]');
    const small = [];
    const html = document.querySelectorAll('button, input, select, textarea, summary, a[href]');
    for (const el of html) {
      if (!shown(el)) continue;
      const target = (el.type === 'checkbox' || el.type === 'radio') && el.closest('label') ? el.closest('label') : el;
      const r = target.getBoundingClientRect();
      if (r.width < min - 0.5 || r.height < min - 0.5) {
        small.push(`${el.tagName.toLowerCase()}[${el.getAttribute('aria-label') ?? el.dataset.action ?? el.textContent.trim().slice(0, 20)}] ${r.width.toFixed(0)}x${r.height.toFixed(0)}`);
      }
    }
    const svg = document.querySelector('svg.cluster');
    const scale = svg.getScreenCTM().a;
    for (const node of svg.querySelectorAll('.node')) {
      const r = node.querySelector('.shape').getBoundingClientRect();
      if (r.width < min || r.height < min) small.push(`server ${node.dataset.nodeId} ${r.width.toFixed(0)}x${r.height.toFixed(0)}`);
    }
    for (const msg of svg.querySelectorAll('.msg:not(.dying) .hit')) {
      const d = 2 * msg.r.baseVal.value * scale;
      const css = 2 * parseFloat(getComputedStyle(msg).r) * scale;
      if (Math.max(d, css || 0) < min) small.push(`message hit circle ${Math.max(d, css || 0).toFixed(0)} px`);
    }
    for (const hit of svg.querySelectorAll('.link .hit')) {
      const w = parseFloat(getComputedStyle(hit).strokeWidth) * scale;
      if (w < min) small.push(`link ${hit.parentElement.dataset.link} ${w.toFixed(0)} px wide`);
    }
    return small;
  }, MIN_TARGET);

const sideways = (page) => page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);

const TABLET = { ...PHONE, viewport: { width: 768, height: 1024 } };

for (const [name, device] of [['390 x 844', PHONE], ['768 x 1024', TABLET]]) test(`at ${name} with touch: targets of 44 px, no sideways scroll, the whole drawing, pinch-zoom allowed`, async () => {
  const { page, errors } = await phonePage(device);
  const shot = device === PHONE ? 'phone-390' : 'tablet-768';
  assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), true, 'the phone has a coarse pointer');
  const viewport = await page.getAttribute('meta[name="viewport"]', 'content');
  assert.doesNotMatch(viewport, /user-scalable\s*=\s*(no|0)|maximum-scale\s*=\s*1(\.0*)?\b/, 'pinch-zoom is not disabled');
  await page.screenshot({ path: path.join(artifactsDir, `${shot}.png`) });
  await page.screenshot({ path: path.join(artifactsDir, `${shot}-full.png`), fullPage: true });

  // The drawing: inside the screen's width, every server inside it.
  const fits = await page.evaluate(() => {
    const svg = document.querySelector('svg.cluster').getBoundingClientRect();
    const nodes = [...document.querySelectorAll('svg .node')].map((n) => n.getBoundingClientRect());
    return {
      svg: svg.left >= 0 && svg.right <= innerWidth,
      nodes: nodes.every((r) => r.left >= svg.left - 1 && r.right <= svg.right + 1 && r.top >= svg.top - 1 && r.bottom <= svg.bottom + 1),
      onScreen: svg.bottom <= innerHeight,
    };
  });
  assert.deepEqual(fits, { svg: true, nodes: true, onScreen: true }, 'the drawing is whole, on the first screen');
  assert.ok((await sideways(page)) <= 0, 'nothing scrolls sideways');
  assert.deepEqual(await smallTargets(page), [], 'main page');

  // The same with a card open, and in each dialog.
  await page.tap('svg .node[data-node-id="1"]');
  assert.deepEqual(await smallTargets(page), [], 'with a server card');
  await page.tap('.node-card .close');
  await page.keyboard.press('m');
  await page.waitForSelector('.message-card');
  assert.deepEqual(await smallTargets(page), [], 'with a message card');
  await page.keyboard.press('Escape');
  for (const action of ['settings', 'scenarios', 'help']) {
    await page.tap(`[data-action="${action}"]`);
    await page.waitForSelector('.dialog');
    if (action === 'scenarios') await page.tap('.scenarios summary');
    assert.deepEqual(await smallTargets(page), [], action);
    assert.ok((await sideways(page)) <= 0, `${action}: nothing scrolls sideways`);
    await page.tap('.dialog .close');
  }
  assert.ok((await sideways(page)) <= 0, 'nothing scrolls sideways');
  assert.deepEqual(errors, []);
});

test('by tapping alone: a server\'s card opens on screen with the drawing in view, Crash crashes it, a partition and a cut link', async () => {
  const { page, errors } = await phonePage();
  const leader = await page.evaluate(() => window.raftlab.state().leader);
  await page.tap(`svg .node[data-node-id="${leader}"]`);
  await page.waitForSelector('.node-card');
  await page.screenshot({ path: path.join(artifactsDir, 'phone-390-card.png') });
  const layout = await page.evaluate((id) => {
    const inView = (r) => r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;
    const buttons = [...document.querySelectorAll('.node-card button, .node-card select')].map((b) => b.getBoundingClientRect());
    // The server tapped is not hidden under the card: a tap at its centre still reaches it.
    const r = document.querySelector(`svg .node[data-node-id="${id}"] .shape`).getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { buttons: buttons.length > 0 && buttons.every(inView), server: !!hit?.closest(`.node[data-node-id="${id}"]`) };
  }, leader);
  assert.deepEqual(layout, { buttons: true, server: true }, 'the card and its actions are on screen, the server too');
  await page.tap('.node-card [data-action="crash"]');
  assert.equal(await page.getAttribute(`svg .node[data-node-id="${leader}"]`, 'data-role'), 'crashed');
  await page.tap('.node-card .close');
  assert.equal(await page.locator('.node-card').count(), 0);

  // A partition from the network panel: S4 and S5 apart from the rest.
  await page.tap('.splitter .chip:has-text("S4")');
  await page.tap('.splitter .chip:has-text("S5")');
  await page.tap('[data-action="split"]');
  assert.deepEqual((await page.evaluate(() => window.raftlab.state())).network.partitions, [[1, 2, 3], [4, 5]]);
  await page.tap('[data-action="heal"]');
  // A link tapped on the drawing is cut.
  await page.evaluate(() => window.scrollTo(0, 0));
  // Where along it a tap reaches this link and nothing drawn above it (links cross).
  const spot = await page.evaluate(() => {
    const hit = document.querySelector('svg .link[data-link="1-3"] .hit');
    const m = hit.getScreenCTM();
    const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((a) => hit[a].baseVal.value);
    for (let t = 0.1; t < 0.95; t += 0.05) {
      const p = new DOMPoint(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t).matrixTransform(m);
      if (document.elementFromPoint(p.x, p.y)?.closest('.link')?.dataset.link === '1-3') return { x: p.x, y: p.y };
    }
    return null;
  });
  assert.ok(spot, 'some part of the link can be tapped');
  await page.touchscreen.tap(spot.x, spot.y);
  assert.equal(await page.getAttribute('svg .link[data-link="1-3"]', 'data-link-state'), 'cut');
  assert.ok((await sideways(page)) <= 0, 'nothing scrolls sideways');
  assert.deepEqual(errors, []);
});

// A lesson on a phone (issue 14 review): the lesson right under the drawing, its question and the
// servers to tap on one screen; a playback bar that leaves room; the add buttons not over a server.
test('at 390 x 844 with touch, a lesson is under the drawing and answered by a tap on the same screen', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?lesson=leader-election`, PHONE);
  await page.waitForSelector('.lesson[data-lesson] .question', { timeout: 15000 });
  const boxes = await page.evaluate(() => {
    const box = (selector) => document.querySelector(selector).getBoundingClientRect().toJSON();
    return { svg: box('svg.cluster'), lesson: box('.lesson'), prompt: box('.lesson .prompt'), controls: box('.controls'), tools: box('.membership-tools'), servers: [...document.querySelectorAll('svg .node')].map((n) => n.getBoundingClientRect().toJSON()) };
  });
  assert.ok(boxes.lesson.top < boxes.svg.bottom + 80, `the lesson starts at ${boxes.lesson.top}, the drawing ends at ${boxes.svg.bottom}`);
  assert.ok(boxes.controls.height <= 130, `the playback bar is ${boxes.controls.height} px tall`);
  for (const s of boxes.servers) {
    const overlap = !(s.right <= boxes.tools.left || s.left >= boxes.tools.right || s.bottom <= boxes.tools.top || s.top >= boxes.tools.bottom);
    assert.ok(!overlap, `the add buttons (${JSON.stringify(boxes.tools)}) cover a server (${JSON.stringify(s)})`);
  }
  // The page scrolled until the prompt is just above the pinned playback bar: the servers to tap
  // are on the same screen.
  const onScreen = await page.evaluate(() => {
    const bar = () => document.querySelector('.controls').getBoundingClientRect();
    const at = document.querySelector('.lesson .prompt').getBoundingClientRect();
    if (at.bottom > bar().top) window.scrollBy(0, at.bottom - bar().top + 4);
    const controls = bar();
    const prompt = document.querySelector('.lesson .prompt').getBoundingClientRect();
    const s2 = document.querySelector('svg .node[data-node-id="2"]').getBoundingClientRect();
    return { prompt: prompt.bottom <= controls.top + 1 && prompt.top >= 0, server: s2.top >= 0 && s2.bottom <= controls.top };
  });
  assert.deepEqual(onScreen, { prompt: true, server: true });
  await page.tap('svg .node[data-node-id="2"]');
  await page.waitForSelector('.lesson .verdict');
  await page.screenshot({ path: path.join(artifactsDir, 'phone-lesson.png') });
  assert.deepEqual(errors, []);
});
