// Shared set-up for the end-to-end tests: a static server for dist/ on loopback and Debian's
// Chromium driven by playwright-core (which never downloads a browser of its own).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const distDir = path.resolve(here, '../../dist');
export const artifactsDir = path.resolve(here, 'artifacts');

const mimeTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves dist/ on 127.0.0.1 at a free port; resolves to { url, close }, `url` ending in `prefix`.
 * `prefix` serves it from a directory of the host instead of its root, as a documentation site
 * would (`/docs/raftlab/`: everything outside it is a 404); `headers` go with every response
 * (a Content-Security-Policy, say).
 */
export async function serveDist({ prefix = '/', headers = {} } = {}) {
  if (!fs.existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`no release build in ${distDir}: run \`make build\` first`);
  }
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`prefix ${prefix} must start and end with /`);
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!urlPath.startsWith(prefix)) {
      res.writeHead(404, headers).end('not found');
      return;
    }
    let file = path.normalize(path.join(distDir, urlPath.slice(prefix.length)));
    if (!file.startsWith(distDir)) {
      res.writeHead(403, headers).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, headers).end('not found');
        return;
      }
      res.writeHead(200, { ...headers, 'content-type': mimeTypes[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((r) => server.close(r)) };
}

/** Launches Debian's Chromium headless with the flags this closed network needs. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens a page and records every console error and uncaught exception, so a test can assert
 * that none happened; `failed` lists the requests that failed or were answered with an error
 * status. Every Content Security Policy violation the page reports (a `securitypolicyviolation`
 * event, from the first script on) is kept for `cspViolations(page)`. Other options go to the
 * browser context as they are (`reducedMotion`, `hasTouch`, `isMobile`, ...).
 */
export async function openPage(browser, url, { viewport = { width: 1280, height: 800 }, colorScheme, firstVisit = false, ...contextOptions } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, ...contextOptions });
  // Tests open the page as a returning visitor, welcomed already (www/welcome.js), unless they
  // test the first visit.
  if (!firstVisit) {
    await context.addInitScript(() => {
      try {
        localStorage.setItem('raftlab-welcomed', '1');
      } catch {
        // A frame without storage (about:blank, a sandbox): nothing to welcome there.
      }
    });
  }
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  const errors = [];
  const failed = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.url()}: HTTP ${response.status()}`);
  });
  await page.goto(url);
  return { page, errors, failed, context };
}

/** The Content Security Policy violations the page has reported since it was opened. */
export async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations);
}

/**
 * Registers a file's set-up and tear-down: one static server (`serveDist(serveOptions)`) and one
 * browser for all its tests. Returns an object whose `server` and `browser` are filled in before
 * the first test runs.
 */
export function sharedBrowser(serveOptions) {
  const shared = { server: null, browser: null };
  before(async () => {
    shared.server = await serveDist(serveOptions);
    shared.browser = await launchBrowser();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}
