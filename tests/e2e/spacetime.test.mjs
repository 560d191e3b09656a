// The space-time diagram (issue 15) in the release build: fetched with the second module when
// first shown (its button, the d key, ?view=spacetime), an election's votes as arrows with
// their kind, a click that seeks, the heartbeats filter, a hovered message read out, a client
// request's life, a strict Content Security Policy; and where it sits: below the ring or
// beside it (the switch in its header, remembered; ?layout=beside; below when the window is narrow);
// in Chinese (a language switch redraws it, paused); embedded in a frame; in the presenter view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, sharedBrowser, serveDist, launchBrowser, cspViolations } from './harness.mjs';

const shared = sharedBrowser();
const DIAGRAM = '[data-view="spacetime"]';
const state = (page) => page.evaluate(() => window.raftlab.state());

/** A paused run of seed 3 at 400 ms: S1 was elected in term 1 at about 190 ms, inside the
 *  diagram's first window (half a second). */
async function anElection(page) {
  await page.waitForSelector('svg [data-node-id]');
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.command({ cmd: 'config', seed: 3 });
    window.raftlab.advance(400);
  });
}

/** The diagram's window of time, as its drawing says. */
const shownWindow = (page) =>
  page.$eval(`${DIAGRAM} svg.st-svg`, (svg) => ({ from: Number(svg.dataset.fromMs), to: Number(svg.dataset.toMs) }));

test('the Space-time button fetches the diagram, which draws an election and its votes; the button hides it', async () => {
  const requests = [];
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  page.on('request', (r) => requests.push(new URL(r.url()).pathname.split('/').pop()));
  await anElection(page);
  assert.equal(await page.locator(DIAGRAM).count(), 0);
  assert.deepEqual(requests.filter((p) => /spacetime\.css|raftlab-on-demand/.test(p)), [], 'nothing fetched before it is shown');

  await page.click('[data-action="spacetime"]');
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="request_vote"]`, { timeout: 15000 });
  assert.deepEqual(
    requests.filter((p) => /spacetime\.css|raftlab-on-demand/.test(p)).sort(),
    ['raftlab-on-demand.js', 'raftlab-on-demand_bg.wasm', 'spacetime.css'],
  );
  assert.equal(await page.getAttribute('[data-action="spacetime"]', 'aria-pressed'), 'true');
  const s = await state(page);
  const votes = await page.$$eval(`${DIAGRAM} [data-msg-kind="request_vote"]`, (els) => els.length);
  assert.ok(votes >= 4, `a candidate asks the four others: ${votes} RequestVote arrows`);
  assert.ok((await page.locator(`${DIAGRAM} [data-msg-kind="request_vote_reply"]`).count()) >= 2, 'votes granted');
  assert.equal(await page.locator(`${DIAGRAM} .st-lane-name`).count(), 6, 'five server lanes and the clients');
  assert.equal(await page.locator(`${DIAGRAM} [data-lane-state="leader"]`).count(), 1, `S${s.leader}'s band as leader`);
  assert.equal(await page.getAttribute(`${DIAGRAM} .st-now`, 'data-now-ms'), String(s.time_ms), 'the now-line');
  // It takes the logs' place under the ring; the ring keeps its room.
  assert.equal(await page.isVisible('.lower'), false);
  assert.ok(await page.$eval('svg.cluster', (svg) => svg.getBoundingClientRect().height > 250));

  await page.click('[data-action="spacetime"]');
  await page.waitForSelector(DIAGRAM, { state: 'detached' });
  assert.equal(await page.getAttribute('[data-action="spacetime"]', 'aria-pressed'), 'false');
  assert.ok(await page.isVisible('.lower'), 'the logs are back');
  // The d key shows it again.
  await page.keyboard.press('d');
  await page.waitForSelector(DIAGRAM);
  assert.deepEqual(errors, []);
});

test('?view=spacetime opens the page with the diagram; a click on it seeks there, and pauses', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?view=spacetime`);
  await anElection(page);
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="request_vote"]`, { timeout: 15000 });
  await page.evaluate(() => window.raftlab.play());
  const { from, to } = await shownWindow(page);
  const box = await page.$eval(`${DIAGRAM} svg.st-svg`, (svg) => {
    const r = svg.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  });
  // A third of the way along the plot (which starts after the lane names).
  const plotLeft = 40;
  const plotWidth = box.width - plotLeft - 10;
  const x = box.left + plotLeft + plotWidth / 3;
  const expected = from + ((to - from) * (x - box.left - plotLeft)) / plotWidth;
  await page.mouse.click(x, box.top + box.height / 2);
  await page.waitForFunction((t) => Math.abs(window.raftlab.now().time_ms - t) < 30, expected, { timeout: 5000 });
  const after = await state(page);
  assert.ok(Math.abs(after.time_ms - expected) <= (to - from) / 100 + 2, `sought to ${after.time_ms} ms, clicked at ${expected} ms`);
  await page.waitForTimeout(200);
  assert.equal((await state(page)).time_ms, after.time_ms, 'paused there');
  assert.deepEqual(errors, []);
});

test('heartbeats are hidden until asked for; a hovered message is read out', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?view=spacetime`);
  await anElection(page);
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="request_vote"]`, { timeout: 15000 });
  assert.equal(await page.locator(`${DIAGRAM} [data-msg-kind="heartbeat"]`).count(), 0, 'no heartbeat at first');
  await page.check(`${DIAGRAM} [data-kind-filter="heartbeats"]`);
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="heartbeat"]`);
  await page.uncheck(`${DIAGRAM} [data-kind-filter="heartbeats"]`);
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="heartbeat"]`, { state: 'detached' });
  // Votes off, then on again.
  await page.uncheck(`${DIAGRAM} [data-kind-filter="votes"]`);
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="request_vote"]`, { state: 'detached' });
  await page.check(`${DIAGRAM} [data-kind-filter="votes"]`);

  await page.hover(`${DIAGRAM} [data-msg-kind="request_vote"] .st-hit`, { force: true });
  await page.waitForFunction(() => /RequestVote, term 1/.test(document.querySelector('.st-caption').textContent));
  assert.match(await page.textContent('.st-caption'), /S\d → S\d · RequestVote, term 1 · sent at \d+ ms · delivered at \d+ ms/);
  // With etcd's names (issue 15), the diagram names the message as raftpb does.
  await page.evaluate(() => window.raftlab.names('etcd'));
  await page.mouse.move(0, 0);
  await page.hover(`${DIAGRAM} [data-msg-kind="request_vote"] .st-hit`, { force: true });
  await page.waitForFunction(() => /MsgVote, term 1/.test(document.querySelector('.st-caption').textContent));
  assert.deepEqual(errors, []);
});

test('a client request selected on the client lane shows its life across the lanes', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?view=spacetime`);
  await anElection(page);
  await page.evaluate(() => {
    const leader = window.raftlab.state().leader;
    window.raftlab.command({ cmd: 'put', key: 'x', value: '1', node: leader === 2 ? 3 : 2 });
    window.raftlab.advance(300);
  });
  await page.waitForSelector(`${DIAGRAM} .st-op.ok`, { timeout: 15000 });
  await page.click(`${DIAGRAM} .st-op.ok`);
  await page.waitForSelector('.st-life-list li');
  const steps = await page.$$eval('.st-life-list li', (els) => els.map((el) => el.textContent));
  const text = steps.join('\n');
  assert.match(text, /client 1 invokes put x=1/);
  assert.match(text, /S\d appends it to its log at index \d+/);
  assert.match(text, /S\d commits index \d+: a majority has it/);
  assert.match(text, /applies \d+ to its state machine/);
  assert.match(text, /answers client 1: ok/);
  assert.ok((await page.locator(`${DIAGRAM} .st-msg.life[data-msg-kind="append_entries"]`).count()) >= 2, 'its AppendEntries lit');
  assert.ok((await page.locator(`${DIAGRAM} .st-life-step`).count()) >= 5);
  assert.deepEqual(errors, []);
});

test('under a strict Content Security Policy the diagram draws and seeks, with no violation', async () => {
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
  const server = await serveDist({ headers: { 'Content-Security-Policy': csp } });
  const browser = await launchBrowser();
  try {
    const { page, errors, failed } = await openPage(browser, `${server.url}?view=spacetime`);
    await anElection(page);
    await page.waitForSelector(`${DIAGRAM} [data-msg-kind="request_vote"]`, { timeout: 15000 });
    // The style sheet applies (the leader's band is green, drawn by a class).
    const fill = await page.$eval(`${DIAGRAM} [data-lane-state="leader"] rect`, (r) => getComputedStyle(r).fill);
    assert.match(fill, /rgb\(0, 158, 115\)/);
    await page.click(`${DIAGRAM} svg.st-svg`, { position: { x: 60, y: 40 } });
    await page.waitForFunction(() => window.raftlab.now().time_ms < 100);
    // Beside the ring too: the layout is the style sheet's, switched by an attribute.
    await page.click(`${DIAGRAM} [data-action="st-beside"]`);
    await page.waitForSelector(`${DIAGRAM}[data-layout="beside"]`);
    const [ring, diagram] = await Promise.all(['.cluster-panel', DIAGRAM].map((s) => page.$eval(s, (el) => el.getBoundingClientRect().toJSON())));
    assert.ok(diagram.left >= ring.right, 'the diagram is right of the ring');
    assert.equal(await page.locator('[style]').count(), 0, 'no inline style attribute anywhere');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(errors, []);
    assert.deepEqual(failed, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

/** Boxes of the ring's panel, the diagram, the side column, the playback bar and the logs. */
const boxes = (page) =>
  page.evaluate(() => {
    const box = (selector) => {
      const r = document.querySelector(selector).getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
    };
    return {
      ring: box('.cluster-panel'),
      drawing: box('svg.cluster'),
      diagram: box('[data-view="spacetime"]'),
      plot: box('[data-view="spacetime"] .st-plot'),
      side: box('.side'),
      controls: box('.controls'),
      logs: box('.lower'),
      logRows: [...document.querySelectorAll('.log-grid tbody tr')].map((tr) => tr.getBoundingClientRect().bottom),
      pageHeight: document.scrollingElement.scrollHeight,
      pageWidth: document.scrollingElement.scrollWidth,
    };
  });
const layoutOf = (page) => page.getAttribute(DIAGRAM, 'data-layout');
const pressed = (page, which) => page.getAttribute(`${DIAGRAM} [data-action="st-${which}"]`, 'aria-pressed');

for (const [width, height] of [[1440, 900], [1280, 720]]) {
  test(`?layout=beside at ${width}x${height}: the ring left, the diagram right, the side column after them, the logs back under all; nothing scrolls`, async () => {
    const { page, errors, context } = await openPage(shared.browser, `${shared.server.url}?view=spacetime&layout=beside`, {
      viewport: { width, height },
    });
    await anElection(page);
    await page.waitForSelector(`${DIAGRAM}[data-layout="beside"] [data-msg-kind="request_vote"]`, { timeout: 15000 });
    assert.equal(await pressed(page, 'beside'), 'true');
    assert.equal(await pressed(page, 'below'), 'false');
    const b = await boxes(page);
    assert.ok(b.diagram.left >= b.ring.right, `the diagram (from x=${b.diagram.left}) is right of the ring (to x=${b.ring.right})`);
    assert.ok(b.side.left >= b.diagram.right, 'the side column after the diagram');
    assert.ok(Math.abs(b.diagram.top - b.ring.top) < 2 && Math.abs(b.diagram.bottom - b.ring.bottom) < 2, 'one row: same top and bottom');
    assert.ok(b.diagram.width > b.ring.width, `the diagram gets the larger share (${b.diagram.width} against ${b.ring.width} px)`);
    assert.ok(b.drawing.height >= 250, `the ring is ${b.drawing.height} px tall`);
    assert.ok(b.plot.height >= 180 && b.plot.width >= 450, `the diagram's plot is ${b.plot.width}x${b.plot.height}`);
    assert.ok(await page.isVisible('.lower'), 'the logs are back');
    assert.ok(b.controls.top >= b.diagram.bottom && b.logs.top >= b.controls.bottom, 'the playback bar, then the logs, under both');
    assert.equal(b.logRows.length, 5);
    for (const bottom of b.logRows) assert.ok(bottom <= height, `a log row ends at ${bottom}, below ${height}`);
    assert.ok(b.pageHeight <= height && b.pageWidth <= width, `the page does not scroll (${b.pageWidth}x${b.pageHeight})`);
    // Five lanes and the clients, each lane readable.
    assert.equal(await page.locator(`${DIAGRAM} .st-lane-name`).count(), 6);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the switch in the header places the diagram beside the ring and back, by mouse or keyboard, and is remembered', async () => {
  const { page, errors, context } = await openPage(shared.browser, `${shared.server.url}?view=spacetime`, {
    viewport: { width: 1280, height: 800 },
  });
  await anElection(page);
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="request_vote"]`, { timeout: 15000 });
  assert.equal(await layoutOf(page), 'below', 'below at first');
  assert.equal(await pressed(page, 'below'), 'true');
  const below = await boxes(page);
  assert.ok(below.diagram.top >= below.controls.bottom, 'under the playback bar, in place of the logs');
  assert.equal(await page.isVisible('.lower'), false);

  await page.click(`${DIAGRAM} [data-action="st-beside"]`);
  await page.waitForSelector(`${DIAGRAM}[data-layout="beside"]`);
  assert.equal(await pressed(page, 'beside'), 'true');
  assert.equal(await pressed(page, 'below'), 'false');
  const beside = await boxes(page);
  assert.ok(beside.diagram.left >= beside.ring.right, 'right of the ring');
  assert.ok(await page.isVisible('.lower'), 'the logs are back');
  // The drawing follows its new box.
  await page.waitForFunction(() => {
    const svg = document.querySelector('[data-view="spacetime"] svg.st-svg');
    return Math.abs(Number(svg.getAttribute('width')) - svg.parentElement.clientWidth) <= 1;
  });
  assert.equal(await page.evaluate(() => localStorage.getItem('raftlab.spacetime-layout')), 'beside');

  // The next visit opens it beside.
  await page.reload();
  await page.waitForSelector(`${DIAGRAM}[data-layout="beside"]`, { timeout: 15000 });

  // The keyboard: the switch's buttons are in the Tab order and pressed with Space.
  await page.focus(`${DIAGRAM} [data-action="st-below"]`);
  await page.keyboard.press('Space');
  await page.waitForSelector(`${DIAGRAM}[data-layout="below"]`);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'st-below', 'the focus stays on the switch');
  assert.equal(await page.evaluate(() => localStorage.getItem('raftlab.spacetime-layout')), 'below');
  // Closed and opened again (the d key), it stays where it was put.
  await page.click(`${DIAGRAM} .close`);
  await page.waitForSelector(DIAGRAM, { state: 'detached' });
  await page.keyboard.press('d');
  await page.waitForSelector(`${DIAGRAM}[data-layout="below"]`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a window too narrow for beside shows the diagram below and says why; wider, it goes beside', async () => {
  const { page, errors, context } = await openPage(shared.browser, `${shared.server.url}?view=spacetime&layout=beside`, {
    viewport: { width: 1024, height: 768 },
  });
  await anElection(page);
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="request_vote"]`, { timeout: 15000 });
  assert.equal(await layoutOf(page), 'below');
  assert.equal(await pressed(page, 'beside'), 'true', 'the choice is kept');
  assert.match(await page.getAttribute(`${DIAGRAM} .st-layout`, 'title'), /1100 px/);
  assert.match(await page.getAttribute(`${DIAGRAM} [data-action="st-beside"]`, 'title'), /shown below/);
  const narrow = await boxes(page);
  assert.ok(narrow.diagram.top >= narrow.controls.bottom, 'under the ring and the playback bar');
  assert.ok(narrow.pageHeight <= 768 && narrow.pageWidth <= 1024, 'nothing scrolls');

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.waitForSelector(`${DIAGRAM}[data-layout="beside"]`);
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.waitForSelector(`${DIAGRAM}[data-layout="below"]`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone and embedded, the diagram is below whatever was chosen, and the page does not scroll sideways', async () => {
  const phone = await openPage(shared.browser, `${shared.server.url}?view=spacetime&layout=beside`, {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  await phone.page.waitForSelector(`${DIAGRAM} svg.st-svg`, { timeout: 15000 });
  assert.equal(await layoutOf(phone.page), 'below');
  const b = await boxes(phone.page);
  assert.ok(b.pageWidth <= 390, `the page is ${b.pageWidth} px wide`);
  assert.ok(b.diagram.top >= b.controls.bottom, 'after the playback bar');
  assert.deepEqual(phone.errors, []);
  await phone.context.close();

  const embed = await openPage(shared.browser, `${shared.server.url}?embed&view=spacetime&layout=beside`, {
    viewport: { width: 1280, height: 800 },
  });
  await embed.page.waitForSelector(DIAGRAM, { timeout: 15000 });
  assert.equal(await layoutOf(embed.page), 'below');
  assert.match(await embed.page.getAttribute(`${DIAGRAM} .st-layout`, 'title'), /not embedded/);
  assert.deepEqual(embed.errors, []);
  await embed.context.close();
});

test('in Chinese (?lang=zh): the header, the filters, the lanes, a hovered message, a request\'s life and the saved SVG; English chosen in Settings redraws it, paused', async () => {
  const { page, errors, context } = await openPage(shared.browser, `${shared.server.url}?view=spacetime&lang=zh`, {
    viewport: { width: 1440, height: 900 },
  });
  await anElection(page);
  await page.waitForSelector(`${DIAGRAM} [data-msg-kind="request_vote"]`, { timeout: 15000 });
  // A vote request pointed at: the message names stay, the words around them are Chinese.
  await page.hover(`${DIAGRAM} [data-msg-kind="request_vote"] .st-hit`, { force: true });
  await page.waitForFunction(() => /RequestVote，任期 1/.test(document.querySelector('.st-caption').textContent));
  assert.match(await page.textContent(`${DIAGRAM} .st-caption`), /^S\d → S\d · RequestVote，任期 1 · \d+ ms 发出 · \d+ ms 送达$/);
  await page.mouse.move(0, 0);

  await page.evaluate(() => {
    const leader = window.raftlab.state().leader;
    window.raftlab.command({ cmd: 'put', key: 'x', value: '1', node: leader === 2 ? 3 : 2 });
    window.raftlab.advance(300);
  });
  await page.waitForSelector(`${DIAGRAM} .st-op.ok`, { timeout: 15000 });
  assert.equal(await page.getAttribute(DIAGRAM, 'aria-label'), '时空图');
  assert.equal(await page.textContent(`${DIAGRAM} h2`), '时空图');
  assert.equal(await page.textContent(`${DIAGRAM} [data-action="st-follow"]`), '跟随');
  assert.equal(await page.getAttribute(`${DIAGRAM} .close`, 'aria-label'), '关闭时空图');
  assert.equal(await page.getAttribute(`${DIAGRAM} [data-action="st-beside"]`, 'aria-label'), '集群图旁边');
  const filters = await page.$$eval(`${DIAGRAM} .st-kinds label`, (els) => els.map((el) => el.textContent.trim()));
  assert.deepEqual(filters, ['投票', '预投票', '日志追加', '心跳', '读请求', '快照', '领导权转移']);
  assert.equal(await page.getAttribute(`${DIAGRAM} label:has([data-kind-filter="votes"])`, 'title'), 'RequestVote 及其回复（§5.2）');
  assert.equal(await page.textContent(`${DIAGRAM} .st-clients .st-lane-name`), '客户端');
  assert.equal(await page.textContent(`${DIAGRAM} .st-now text`), '现在');
  assert.match(await page.getAttribute(`${DIAGRAM} svg.st-svg`, 'aria-label'), /^时空图：\d+ ms 到 \d+ ms$/);
  assert.match(await page.textContent(`${DIAGRAM} [data-lane-state="leader"] title`), /^S\d：从 \d+ ms 起是任期 1 的领导者$/);
  assert.match(await page.getAttribute(`${DIAGRAM} .st-op.ok`, 'aria-label'), /^客户端 1：put x=1，成功；追踪它的生命周期$/);
  assert.match(await page.textContent(`${DIAGRAM} .st-caption`), /点击任意位置跳到那一时刻/);

  // The request's life, step by step.
  await page.click(`${DIAGRAM} .st-op.ok`);
  await page.waitForSelector('.st-life-list li');
  assert.equal(await page.getAttribute('.st-life-list', 'aria-label'), '请求的生命周期');
  const life = (await page.$$eval('.st-life-list li', (els) => els.map((el) => el.textContent))).join('\n');
  assert.match(life, /客户端 1 发起 put x=1/);
  assert.match(life, /S\d 把它追加到自己的日志，索引 \d+/);
  assert.match(life, /S\d 提交索引 \d+：多数派已有这个条目/);
  assert.match(life, /S\d 回复客户端 1：成功/);

  // Saved as SVG (the Export dialog): its words are the page's.
  await page.click('[data-action="files"]');
  const [saved] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-export="svg"][data-drawing="raftlab-space-time"]'),
  ]);
  const svg = await new Promise((resolve, reject) => {
    saved.createReadStream().then((stream) => {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      stream.on('error', reject);
    }, reject);
  });
  for (const words of ['>客户端<', '>现在<', '任期 1 的领导者']) assert.ok(svg.includes(words), `the saved SVG says ${words}`);
  await page.waitForSelector('.dialog.files', { state: 'detached', timeout: 5000 });

  // English, chosen in Settings while the run is paused: the diagram speaks it at once.
  await page.locator('body').press('s');
  await page.waitForSelector('.dialog.settings', { timeout: 15000 });
  await page.click('[data-setting="lang"] [data-lang="en"]');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('[data-view="spacetime"] h2')?.textContent === 'Space-time');
  assert.equal(await page.textContent(`${DIAGRAM} .st-clients .st-lane-name`), 'clients');
  assert.equal(await page.getAttribute(`${DIAGRAM} .close`, 'aria-label'), 'Close the space-time diagram');
  assert.match(await page.textContent('.st-life-list'), /client 1 invokes put x=1/);
  assert.match(await page.textContent(`${DIAGRAM} .st-caption`), /Click anywhere to go to that moment/);
  assert.equal(await page.evaluate(() => window.raftlab.now().time_ms), 700, 'still paused where it was');
  assert.deepEqual(errors, []);
  await context.close();
});

/** The diagram's plot, the ring's drawing and the playback bar in a frame, and whether it scrolls. */
const embedBoxes = (frame) =>
  frame.evaluate(() => {
    const height = (selector) => document.querySelector(selector)?.getBoundingClientRect().height ?? 0;
    const svg = document.querySelector('[data-view="spacetime"] svg.st-svg');
    return {
      plot: height('[data-view="spacetime"] .st-plot'),
      svg: svg ? svg.getBoundingClientRect().height : 0,
      svgHeight: Number(svg?.getAttribute('height') ?? 0),
      ring: height('svg.cluster'),
      controls: height('.controls'),
      scrolls: document.scrollingElement.scrollHeight > innerHeight || document.scrollingElement.scrollWidth > innerWidth,
    };
  });

test('embedded (?embed&view=spacetime) in an 800x500 frame and a 1280x800 one: the diagram draws at a real height beside a visible ring; nothing scrolls', async () => {
  for (const [width, height] of [[800, 500], [1280, 800]]) {
    const context = await shared.browser.newContext({ viewport: { width: width + 100, height: height + 100 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(`<!doctype html><body style="margin:0">
      <iframe id="raftlab" src="${shared.server.url}?embed&view=spacetime&seed=3" width="${width}" height="${height}" style="border:0"></iframe></body>`);
    const frame = page.frameLocator('#raftlab');
    await frame.locator(`${DIAGRAM} svg.st-svg`).waitFor({ state: 'attached', timeout: 15000 });
    const inner = page.frame({ url: /embed/ });
    // The drawing takes its box's size at the module's next look (every 40 ms): give it a moment.
    const drawn = () => Number(document.querySelector('[data-view="spacetime"] svg.st-svg').getAttribute('height')) > 150;
    await inner.waitForFunction(drawn, null, { timeout: 3000 }).catch(() => {});
    const b = await embedBoxes(inner);
    assert.ok(b.plot > 150 && b.svg > 150 && b.svgHeight > 150, `at ${width}x${height} the plot is ${b.plot} px tall, its drawing ${b.svg} px`);
    assert.ok(b.ring > 120, `the ring stays in view: ${b.ring} px`);
    assert.ok(b.controls > 20, 'the playback bar too');
    assert.equal(b.scrolls, false);
    assert.equal(await frame.locator(`${DIAGRAM} .st-layout`).isVisible(), false, 'no layout switch in a frame');
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('the presenter view with the diagram beside (?present&layout=beside): the ring and the diagram share the whole width; a card brings the side column back', async () => {
  const { page, errors, context } = await openPage(shared.browser, `${shared.server.url}?present&view=spacetime&layout=beside`, {
    viewport: { width: 1440, height: 900 },
  });
  await anElection(page);
  await page.waitForSelector(`${DIAGRAM}[data-layout="beside"] [data-msg-kind="request_vote"]`, { timeout: 15000 });
  await page.waitForFunction(() => getComputedStyle(document.body).fontSize === '19px', null, { timeout: 5000 });
  const b = await boxes(page);
  assert.equal(await page.isVisible('.side'), false, 'no side column without a lesson or a card');
  assert.ok(b.diagram.left >= b.ring.right, 'the diagram is right of the ring');
  assert.ok(Math.abs(b.diagram.right - b.controls.right) <= 1, `the diagram reaches the right edge (${b.diagram.right} against ${b.controls.right}): no empty strip`);
  assert.ok(b.plot.height >= 300 && b.plot.width >= 700, `the diagram's plot is ${b.plot.width}x${b.plot.height}`);
  assert.ok(b.pageHeight <= 900 && b.pageWidth <= 1440, 'nothing scrolls');
  // A server's card: the side column comes back after the diagram.
  await page.click('svg .node[data-node-id="2"]');
  await page.waitForSelector('.side > .node-card');
  const withCard = await boxes(page);
  assert.ok(withCard.side.left >= withCard.diagram.right, 'the card right of the diagram');
  assert.ok(withCard.side.right <= withCard.controls.right + 1);
  assert.deepEqual(errors, []);
  await context.close();
});
