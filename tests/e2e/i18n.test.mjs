// English and Chinese (issue 14; docs/i18n.md) in the release build: the language follows
// ?lang=, then the choice remembered, then the browser's; <html lang> follows it; the second
// module's dialogs speak it, and switching in the page switches them, the address and <html
// lang>. The Chinese catalogue (i18n/zh.json) is fetched only by a page in Chinese. The page's
// description and the sentence shown when the second module cannot load follow the language too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, sharedBrowser } from './harness.mjs';

const shared = sharedBrowser();

const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);
const heading = (page, dialog) => page.textContent(`.dialog.${dialog} h2`);

/** Opens a dialog of the second module with its key, and waits for it. */
async function open(page, key, dialog) {
  await page.locator('body').press(key);
  await page.waitForSelector(`.dialog.${dialog}`, { timeout: 15000 });
}

async function close(page, dialog) {
  await page.keyboard.press('Escape');
  await page.waitForSelector(`.dialog.${dialog}`, { state: 'detached' });
}

/** Every request for the catalogue the page makes from now on. */
function catalogueRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    if (/\/i18n\/zh\.json/.test(r.url())) seen.push(r.url());
  });
  return seen;
}

test('?lang=zh: <html lang="zh">, Settings and the help in Chinese; English chosen in Settings switches them back', async () => {
  const { page, errors, failed } = await openPage(shared.browser, `${shared.server.url}?lang=zh&seed=3`);
  await page.waitForSelector('svg [data-node-id]');
  assert.equal(await htmlLang(page), 'zh');
  assert.match(await page.getAttribute('meta[name="description"]', 'content'), /^Raftlab：在浏览器里观看 Raft 共识算法运行/);

  await open(page, 's', 'settings');
  assert.equal(await heading(page, 'settings'), '设置');
  const settings = await page.textContent('.dialog.settings');
  for (const words of ['集群', '选举超时', '⚠ 不安全的教学开关', '按这些设置重启', '通过统计副本数提交之前任期的条目']) {
    assert.ok(settings.includes(words), `Settings says ${words}`);
  }
  assert.equal(await page.getAttribute('[data-setting="lang"] [data-lang="zh"]', 'aria-checked'), 'true');
  await close(page, 'settings');

  await open(page, '?', 'help');
  assert.equal(await heading(page, 'help'), '键盘快捷键');
  assert.match(await page.textContent('.dialog.help'), /暂停 \/ 播放/);
  await close(page, 'help');

  // English, chosen in Settings: the dialogs, <html lang>, the address and the choice remembered.
  await open(page, 's', 'settings');
  await page.click('[data-setting="lang"] [data-lang="en"]');
  await page.waitForFunction(() => document.querySelector('.dialog.settings h2')?.textContent === 'Settings');
  assert.equal(await page.getAttribute('[data-setting="lang"] [data-lang="en"]', 'aria-checked'), 'true');
  assert.equal(await htmlLang(page), 'en');
  assert.match(await page.evaluate(() => location.search), /lang=en/);
  assert.match(await page.evaluate(() => location.search), /seed=3/, 'the rest of the address stays');
  assert.equal(await page.evaluate(() => localStorage.getItem('raftlab.lang')), 'en');
  assert.match(await page.textContent('.dialog.settings'), /Unsafe teaching quirks/);
  await close(page, 'settings');
  await open(page, '?', 'help');
  assert.equal(await heading(page, 'help'), 'Keyboard shortcuts');
  assert.deepEqual(errors, []);
  assert.deepEqual(failed, []);
});

test('a page in English does not download the Chinese catalogue; choosing 中文 fetches it then', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url, { locale: 'en-US' });
  const fetched = catalogueRequests(page);
  await page.waitForSelector('svg [data-node-id]');
  assert.equal(await htmlLang(page), 'en');
  assert.match(await page.getAttribute('meta[name="description"]', 'content'), /^Raftlab: watch the Raft consensus algorithm/);
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name));
  assert.deepEqual(loaded.filter((url) => /i18n\/zh\.json/.test(url)), [], 'nothing in Chinese at load');

  // The second module (Settings) opens in English, and still fetches no Chinese.
  await open(page, 's', 'settings');
  assert.equal(await heading(page, 'settings'), 'Settings');
  assert.deepEqual(fetched, []);

  await page.click('[data-setting="lang"] [data-lang="zh"]');
  await page.waitForFunction(() => document.querySelector('.dialog.settings h2')?.textContent === '设置');
  assert.equal(fetched.length, 1, 'fetched once, when chosen');
  assert.equal(await htmlLang(page), 'zh');
  assert.equal(await page.evaluate(() => location.search), '', 'no ?lang= in the address: none is added');
  assert.deepEqual(errors, []);
});

test('the browser\'s language, unless a choice is remembered; the Rules panel and the lesson picker speak it too', async () => {
  const zh = await openPage(shared.browser, `${shared.server.url}?view=rules`, { locale: 'zh-CN' });
  await zh.page.waitForSelector('[data-view="rules"]', { timeout: 15000 });
  assert.equal(await htmlLang(zh.page), 'zh');
  const headings = await zh.page.$$eval('[data-view="rules"] h4', (els) => els.map((el) => el.textContent));
  assert.deepEqual(headings.slice(0, 4), ['状态', 'RequestVote RPC：接收方', 'AppendEntries RPC：接收方', '所有服务器']);
  assert.match(await zh.page.textContent('[data-rule="5.1-higher-term"]'), /请求或回复带有更大的任期 → 采用该任期并成为跟随者/);
  // The lesson picker's own switch switches the whole module.
  await open(zh.page, 'g', 'lessons');
  assert.equal(await heading(zh.page, 'lessons'), '课程');
  await zh.page.click('.dialog.lessons [data-lang="en"]');
  await zh.page.waitForFunction(() => document.querySelector('.dialog.lessons h2')?.textContent === 'Lessons');
  assert.equal(await htmlLang(zh.page), 'en');
  assert.equal(await zh.page.textContent('[data-view="rules"] h4'), 'State');
  assert.deepEqual(zh.errors, []);
  await zh.context.close();

  // Remembered from an earlier visit: English, whatever the browser says, and nothing fetched.
  const context = await shared.browser.newContext({ locale: 'zh-CN' });
  await context.addInitScript(() => {
    localStorage.setItem('raftlab.lang', 'en');
    localStorage.setItem('raftlab-welcomed', '1');
  });
  const page = await context.newPage();
  const fetched = catalogueRequests(page);
  await page.goto(shared.server.url);
  await page.waitForSelector('svg [data-node-id]');
  assert.equal(await htmlLang(page), 'en');
  assert.deepEqual(fetched, []);
  await context.close();
});

test('a violation found in English reads in Chinese after a switch to 中文, message and cause alike', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?lang=en&scenario=election-restriction-quirk&autoplay=0`);
  await page.waitForSelector('svg [data-node-id]');
  await page.evaluate(() => window.raftlab.advance(8000));
  await page.waitForSelector('.safety .violation');
  const shown = () => page.$$eval('.safety .violation p', (ps) => ps.map((p) => p.textContent));
  const english = await shown();
  assert.match(english[0], /lacks entry/, 'the message, in English');
  assert.match(english[1], /^After: /, 'the event it follows, in English');

  await open(page, 's', 'settings');
  await page.click('[data-setting="lang"] [data-lang="zh"]');
  await page.waitForFunction(() => document.querySelector('.dialog.settings h2')?.textContent === '设置');
  await close(page, 'settings');
  await page.waitForFunction(() => /[\u4e00-\u9fff]/.test(document.querySelector('.safety .violation p')?.textContent ?? ''));
  const chinese = await shown();
  const cjk = /[\u4e00-\u9fff]/;
  assert.ok(cjk.test(chinese[0]) && !/lacks entry/.test(chinese[0]), `the message in Chinese: ${chinese[0]}`);
  assert.ok(cjk.test(chinese[1].replace(/^[^：:]*[：:]/, '')), `the event in Chinese: ${chinese[1]}`);
  assert.deepEqual(errors, []);
});

test('?lang=zh: errors in Chinese, a refused share link and a Settings value refused', async () => {
  // A link to a trace of a version this page does not read: the page says why, in Chinese.
  const link = `#run=${encodeURIComponent('{"raftlab_trace": 2}')}`;
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?lang=zh${link}`);
  await page.waitForSelector('svg [data-node-id]');
  assert.equal(
    await page.textContent('[data-notice] span'),
    '链接无法打开：未知的轨迹文件版本 2（这个 Raftlab 读取版本 1）。已改为启动一个普通集群。',
  );

  // Settings (the second module): a heartbeat slower than the election timeout is refused.
  await open(page, 's', 'settings');
  await page.getByLabel('心跳间隔', { exact: true }).fill('500');
  await page.click('[data-action="apply-settings"]');
  const refused = page.locator('[data-notice]', { hasText: 'heartbeat_ms' });
  assert.match(await refused.textContent(), /字段 heartbeat_ms 必须在 1\.\.150 范围内（小于选举超时），实际为 500/);
  assert.deepEqual(errors, []);
});

test('when the second module cannot load, the page says so in its language', async () => {
  for (const [query, said] of [['?lang=zh', /^页面的这一部分未能加载（.+）。请刷新页面后重试。$/], ['?lang=en', /^This part of the page could not load \(.+\)\. Reload the page to try again\.$/]]) {
    const { page, context } = await openPage(shared.browser, `${shared.server.url}${query}`);
    await page.route(/raftlab-on-demand/, (route) => route.abort());
    await page.waitForSelector('svg [data-node-id]');
    await page.locator('body').press('s');
    await page.waitForFunction(() => document.getElementById('lesson-slot')?.textContent.length > 0, null, { timeout: 15000 });
    assert.match(await page.textContent('#lesson-slot'), said);
    await context.close();
  }
});
