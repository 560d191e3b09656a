// Export and import (issue 15): a run leaves the page as a trace file and comes back to the
// same state, by the Export dialog, by a dropped file and through the page API; a trace goes
// through `raftlab-cli run` both ways with the same result; the drawing is saved as SVG and
// PNG; and under the strict Content Security Policy the dialog works and PNG says why not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sharedBrowser, openPage, serveDist, launchBrowser, cspViolations } from './harness.mjs';

const shared = sharedBrowser();
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'raftlab-files-'));
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/** `raftlab-cli ARGS` (built by cargo if it is not yet), its standard output. */
function cli(...args) {
  return execFileSync('cargo', ['run', '--quiet', '--bin', 'raftlab-cli', '--', ...args], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** The last state `raftlab-cli run FILE --json` prints, without the hash it adds. */
function cliState(file) {
  const lines = cli('run', file, '--json').trim().split('\n');
  const state = JSON.parse(lines[lines.length - 1]);
  delete state.trace_hash;
  // The rule behind each event and message is in the CLI's state, not in the page's own
  // (docs/api.md, "The rules of Raft in the state"): everything else must be the same.
  for (const item of [...state.events, ...state.in_flight]) delete item.rule;
  return state;
}

/** A page with a run of its own: a write, a crash, 3 simulated seconds; paused. */
async function pageWithRun(url = shared.server.url) {
  const opened = await openPage(shared.browser, url, { acceptDownloads: true });
  const { page } = opened;
  await page.locator('svg [data-node-id]').first().waitFor();
  await page.evaluate(() => {
    const r = window.raftlab;
    r.pause();
    r.command({ cmd: 'config', nodes: 5, seed: 424242 });
    r.advance(1500);
    r.command({ cmd: 'put', key: 'x', value: '7', node: r.state().leader ?? 1 });
    r.advance(500);
    r.command({ cmd: 'crash', node: r.state().leader ?? 1 });
    r.advance(1000);
  });
  return opened;
}

test('the Export dialog saves the run; opened again (file picker, dropped file, the API) it is the same run', async () => {
  const { page, errors, context } = await pageWithRun();
  const saved = await page.evaluate(() => window.raftlab.state());

  await page.click('[data-action="files"]');
  await page.waitForSelector('.dialog.files');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="trace"]')]);
  assert.match(download.suggestedFilename(), /^raftlab-run-3\.0s\.json$/);
  const file = path.join(scratch, download.suggestedFilename());
  await download.saveAs(file);
  const trace = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(trace.raftlab_trace, 1);
  assert.equal(trace.seed, 424242);
  assert.equal(trace.time_ms, 3000);
  assert.ok(trace.commands.some((c) => c.cmd === 'crash'), 'the crash is in the trace');
  assert.ok(trace.history.length >= 1, 'the client history (Porcupine) is in it');
  await page.waitForSelector('[data-notice]');

  // Something else happens; the file picker brings the saved run back.
  await page.evaluate(() => window.raftlab.command({ cmd: 'config', nodes: 3, seed: 9 }));
  await page.click('[data-action="files"]');
  await page.setInputFiles('.dialog.files [data-import]', file);
  await page.waitForSelector('.dialog.files', { state: 'detached' });
  assert.deepEqual(await page.evaluate(() => window.raftlab.state()), saved, 'the same state after opening the file');
  assert.equal(await page.locator('button[data-action="play"], .controls [data-playing]').first().getAttribute('data-playing'), 'false');

  // Dropped on the page.
  await page.evaluate(() => window.raftlab.command({ cmd: 'config', nodes: 3, seed: 9 }));
  await page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, fs.readFileSync(file, 'utf8'));
  await page.waitForFunction(() => window.raftlab.state().seed === 424242);
  assert.deepEqual(await page.evaluate(() => window.raftlab.state()), saved, 'the same state after a drop');
  assert.match(await page.locator('[data-notice]').last().innerText(), /dropped\.json/);

  // The API, by object; a bad trace is a clear error and changes nothing.
  const results = await page.evaluate((trace) => {
    const r = window.raftlab;
    const exported = r.exportTrace({ history: true });
    r.command({ cmd: 'config', nodes: 3, seed: 9 });
    const bad = r.importTrace({ ...trace, commands: [{ at_ms: 5, cmd: 'crash', node: 42 }] });
    const unchanged = r.state().seed;
    const ok = r.importTrace(exported);
    return { exported, bad, unchanged, ok, after: r.state() };
  }, trace);
  assert.equal(results.bad.ok, false);
  assert.match(results.bad.error, /commands\[0\]/);
  assert.equal(results.unchanged, 9);
  assert.deepEqual(results.ok, { ok: true });
  assert.deepEqual(results.after, saved);
  assert.ok(results.exported.history.length >= 1, 'the client history, when asked');
  assert.deepEqual(errors, []);
  await context.close();
});

test('raftlab-cli replays a trace the page saved to the same state, and the page a trace the CLI wrote', async () => {
  const { page, context } = await pageWithRun();
  const fromPage = path.join(scratch, 'from-page.json');
  const pageTrace = await page.evaluate(() => window.raftlab.exportTrace());
  fs.writeFileSync(fromPage, JSON.stringify(pageTrace));
  const pageState = await page.evaluate(() => window.raftlab.state());
  assert.deepEqual(cliState(fromPage), pageState, 'the CLI reaches the page state');

  const fromCli = path.join(scratch, 'from-cli.json');
  cli('run', 'preset:figure8', '--trace-out', fromCli);
  const cliFinal = cliState(fromCli);
  const imported = await page.evaluate((text) => window.raftlab.importTrace(text), fs.readFileSync(fromCli, 'utf8'));
  assert.deepEqual(imported, { ok: true });
  assert.deepEqual(await page.evaluate(() => window.raftlab.state()), cliFinal, 'the page reaches the CLI state');
  await context.close();
});

test('the drawing saved as a standalone SVG (styles written in) and as a PNG', async () => {
  const { page, errors, context } = await pageWithRun();
  await page.click('[data-action="files"]');
  const [svg] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="svg"][data-drawing="raftlab-cluster"]')]);
  assert.equal(svg.suggestedFilename(), 'raftlab-cluster.svg');
  const svgFile = path.join(scratch, 'cluster.svg');
  await svg.saveAs(svgFile);
  const text = fs.readFileSync(svgFile, 'utf8');
  assert.match(text, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.doesNotMatch(text, / class="/, 'no class left: the styles are written in');
  assert.match(text, /fill="rgb/);
  assert.match(text, />S1</, 'the server names');
  // The file opens by itself and shows five servers.
  const alone = await context.newPage();
  await alone.goto(`file://${svgFile}`);
  assert.equal(await alone.locator('[data-node-id]').count(), 5);

  await page.click('[data-action="files"]');
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="png"][data-drawing="raftlab-cluster"]')]);
  const pngFile = path.join(scratch, 'cluster.png');
  await png.saveAs(pngFile);
  const bytes = fs.readFileSync(pngFile);
  assert.deepEqual([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG');
  assert.ok(bytes.length > 5000, `a real picture (${bytes.length} bytes)`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('under the strict Content Security Policy: export and import work, PNG says why it cannot', async () => {
  const server = await serveDist({ headers: { 'content-security-policy': STRICT_CSP } });
  const browser = await launchBrowser();
  try {
    const { page } = await openPage(browser, server.url, { acceptDownloads: true });
    await page.locator('svg [data-node-id]').first().waitFor();
    await page.evaluate(() => window.raftlab.pause());
    const saved = await page.evaluate(() => window.raftlab.state());
    await page.click('[data-action="files"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="trace"]')]);
    const file = path.join(scratch, 'strict.json');
    await download.saveAs(file);
    await page.evaluate(() => window.raftlab.command({ cmd: 'config', nodes: 3, seed: 9 }));
    await page.click('[data-action="files"]');
    await page.setInputFiles('.dialog.files [data-import]', file);
    await page.waitForFunction((seed) => window.raftlab.state().seed === seed, saved.seed);
    await page.click('[data-action="files"]');
    await page.click('[data-export="png"][data-drawing="raftlab-cluster"]');
    await page.waitForSelector('.dialog.files .error');
    assert.match(await page.locator('.dialog.files .error').innerText(), /save it as SVG/);
    const violations = (await cspViolations(page)).filter((v) => !v.startsWith('img-src blocked blob'));
    assert.deepEqual(violations, [], 'nothing blocked but the PNG image');
  } finally {
    await browser.close();
    await server.close();
  }
});
