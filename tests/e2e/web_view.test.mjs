// The web view in a real browser: Debian's Chromium driven by playwright-core
// against `project-memory serve --http` on a seeded workspace. One browser,
// one page, the scenarios in order: open the board, create a track and put a
// plan on it, move cards and see what became ready, an illegal move refused
// with the tool's message, the dependency graph, search, a change made by an
// MCP client in another process showing without a reload, the banner when the
// server goes away. Screenshots go to PM_SCREENSHOT_DIR (docs/screenshots for
// the README) or the test's temporary directory.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { freshDb } from './lib/backend.mjs';
import { REPO_ROOT, TEST_TIMEOUT, makeTempDir } from './lib/harness.mjs';
import { createToken, request, startHttpServer } from './lib/http_server.mjs';
import { connectStdio } from './lib/stdio_client.mjs';

const CHROMIUM = process.env.PM_CHROMIUM || '/usr/bin/chromium';
const opts = { timeout: TEST_TIMEOUT * 2 };
const WAIT = Math.max(5000, TEST_TIMEOUT / 2);

let tmp;
let project;
let server;
let browser;
let page;
let shots;

async function tool(name, action, args) {
  const r = await request(server, 'POST', `/api/tools/${name}/${action}`, { body: { workspace: 'shop', ...args } });
  assert.equal(r.status, 200, `${name}.${action}: ${r.text}`);
  return r.body;
}

/**
 * Workspace "shop": P1 Checkout (active; Design: T1 done; Build: T2, T3 waits
 * for T2, T4; Ship: T5) with two criteria, a note, a branch and a handoff, and
 * P2 Search (planned; Index: T6, T7 waits for T6); an empty workspace "blog".
 */
async function seed() {
  await tool('memory_workspace', 'register', { workspace: undefined, path: project.dir, name: 'shop' });
  await tool('memory_plan', 'create', {
    title: 'Checkout', goal: 'Customers can pay', status: 'active', priority: 'high',
    phases: ['Design', 'Build', 'Ship'], requirements: ['Card payments', 'Receipts by email'],
  });
  await tool('memory_steps', 'add', { plan: 'P1', phase: 'Design', steps: [{ task: 'Draw the flow' }] });
  await tool('memory_steps', 'add', {
    plan: 'P1', phase: 'Build',
    steps: [{ task: 'Call the payment API' }, { task: 'Send the receipt email' }, { task: 'Store the order' }],
  });
  await tool('memory_steps', 'add', { plan: 'P1', phase: 'Ship', steps: [{ task: 'Release' }] });
  await tool('memory_plan', 'create', { title: 'Search', status: 'planned', phases: ['Index'] });
  await tool('memory_steps', 'add', { plan: 'P2', phase: 'Index', steps: [{ task: 'Build the index' }, { task: 'Rank results' }] });
  await tool('memory_plan', 'add_dependency', { item: 'T3', depends_on: 'T2' });
  await tool('memory_plan', 'add_dependency', { item: 'T7', depends_on: 'T6' });
  await tool('update_task_status', 'set', { task: 'T1', status: 'in_progress' });
  await tool('update_task_status', 'set', { task: 'T1', status: 'completed' });
  await tool('memory_plan', 'add_note', { plan: 'P1', text: 'Use the sandbox key for tests.' });
  await tool('memory_plan', 'link_git', { plan: 'P1', kind: 'branch', ref: 'feature/checkout' });
  await tool('memory_agent', 'handoff', { plan: 'P1', from: 'architect', to: 'builder', reason: 'design done' });
  fs.mkdirSync(path.join(tmp.dir, 'blog'));
  await tool('memory_workspace', 'register', { workspace: undefined, path: path.join(tmp.dir, 'blog'), name: 'blog' });
}

const card = (code) => page.locator(`.card[data-code="${code}"]`);
const column = (key) => page.locator(`.column[data-column="${key}"]`);
async function shot(name) {
  await page.evaluate(() => { document.getElementById('toast').hidden = true; });
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

before(async () => {
  tmp = makeTempDir('pm-e2e-web-');
  project = { dir: path.join(tmp.dir, 'shop'), db: freshDb(tmp.dir, 'web') };
  fs.mkdirSync(project.dir);
  shots = process.env.PM_SCREENSHOT_DIR ? path.resolve(REPO_ROOT, process.env.PM_SCREENSHOT_DIR) : tmp.dir;
  fs.mkdirSync(shots, { recursive: true });
  server = await startHttpServer(null, { db: project.db, cwd: project.dir });
  await seed();
  browser = await chromium.launch({ executablePath: CHROMIUM, chromiumSandbox: false, args: ['--disable-gpu'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  await context.addInitScript(() => localStorage.setItem('pm-actor', 'alice'));
  page = await context.newPage();
  page.setDefaultTimeout(WAIT);
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  tmp?.cleanup();
});

describe('web view', { concurrency: false }, () => {
  test('the page is served with an ETag and revalidates to 304', opts, async () => {
    const first = await fetch(`${server.url}/`);
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type'), /^text\/html/);
    const etag = first.headers.get('etag');
    assert.ok(etag, 'an ETag header');
    const again = await fetch(`${server.url}/`, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    const js = await fetch(`${server.url}/js/main.js`);
    assert.match(js.headers.get('content-type'), /^text\/javascript/);
  });

  test('opening the page shows the seeded board with its columns', opts, async () => {
    await page.goto(`${server.url}/`);
    await card('T2').waitFor();
    assert.equal(await column('ready').locator('[data-code="T2"]').count(), 1, 'T2 is ready');
    assert.equal(await column('ready').locator('[data-code="T4"]').count(), 1, 'T4 is ready');
    assert.equal(await column('pending').locator('[data-code="T3"]').count(), 1, 'T3 waits for T2');
    assert.equal(await column('completed').locator('[data-code="T1"]').count(), 1);
    assert.equal(await page.locator('#workspace').inputValue(), 'shop', 'the server directory\'s workspace first');
    assert.match(await page.title(), /Board · shop/);
    // The switcher lists every workspace and shows another one's (empty) board.
    await page.locator('#workspace').selectOption('blog');
    await page.waitForFunction(() => document.title.includes('blog'));
    assert.equal(await page.locator('.card').count(), 0);
    await page.locator('#workspace').selectOption('shop');
    await card('T2').waitFor();
  });

  test('controls have labels and the keyboard reaches them in reading order', opts, async () => {
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('select, input, button, a[href]')]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => !(el.getAttribute('aria-label') || el.labels?.length || el.textContent.trim() || el.getAttribute('title')))
      .map((el) => el.outerHTML.slice(0, 80)));
    assert.deepEqual(unlabelled, []);
    await page.locator('body').focus();
    const order = [];
    for (let i = 0; i < 9; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => {
        const el = document.activeElement;
        return el.id || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 20);
      }));
    }
    assert.deepEqual(order.slice(0, 9), ['Skip to content', 'project-memory: board', 'workspace', 'Tracks', 'Board', 'Plan', 'Graph', 'Search', 'q']);
    // Digits switch views, j moves between cards.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('j');
    assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('card')), 'j focuses a card');
    await shot('board-light');
  });

  test('a track is created and a plan assigned to it, recorded as the person', opts, async () => {
    await page.keyboard.press('1');
    await page.locator('h1', { hasText: 'Tracks' }).waitFor();
    await page.locator('summary', { hasText: 'New track' }).click();
    const form = page.locator('.new-track form');
    await form.getByLabel('Name').fill('Storefront');
    await form.getByLabel('Goal').fill('Sell online');
    await form.getByLabel('Icon').fill('◆');
    await form.getByRole('button', { name: 'Create track' }).click();
    const lane = page.locator('.lane', { has: page.locator('h2', { hasText: 'Storefront' }) });
    await lane.waitFor();
    await page.getByLabel('Track of P1').selectOption({ label: 'Storefront' });
    await lane.locator('[data-plan="P1"]').waitFor();
    assert.match(await lane.textContent(), /Goal: Sell online/);

    const tracks = await request(server, 'GET', '/repos/shop/tracks');
    const storefront = tracks.body.tracks.find((t) => t.name === 'Storefront');
    assert.equal(storefront.workOrderCount, 1);
    const log = await tool('memory_agent', 'update_log', { entity: 'track', limit: 5 });
    const rows = log.entries;
    assert.ok(rows.some((r) => r.agent === 'alice'), `the track change is alice's: ${JSON.stringify(rows.map((r) => r.agent))}`);
    await shot('tracks-light');
  });

  test('moving a card to in progress and to completed shows what became ready', opts, async () => {
    await page.keyboard.press('2');
    await card('T2').waitFor();
    await card('T2').getByLabel('Move T2 to').selectOption('in_progress');
    await column('in_progress').locator('[data-code="T2"]').waitFor();
    assert.match(await card('T2').textContent(), /@alice/);
    await card('T2').getByLabel('Move T2 to').selectOption('completed');
    await column('completed').locator('[data-code="T2"]').waitFor();
    await page.locator('#toast', { hasText: 'Now ready: T3' }).waitFor();
    await column('ready').locator('[data-code="T3"]').waitFor();
  });

  test('an illegal move is refused with the tool\'s message', opts, async () => {
    await card('T4').getByLabel('Move T4 to').selectOption('completed');
    const toast = page.locator('#toast.error');
    await toast.waitFor();
    const text = await toast.textContent();
    assert.match(text, /T4 was not moved: .*pending.*completed/s);
    assert.equal(await column('ready').locator('[data-code="T4"]').count(), 1, 'T4 stays where it was');
  });

  test('the graph shows the seeded edges and the critical path', opts, async () => {
    await page.goto(`${server.url}/#/graph/P2`);
    await page.locator('[data-edge="T6>T7"]').waitFor({ state: 'attached' });
    await page.goto(`${server.url}/#/graph/P1`);
    await page.locator('[data-edge="T2>T3"]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('.node').count(), 5);
    assert.ok(await page.locator('.node.critical').count() >= 2, 'a critical path is marked');
    await shot('graph-light');
    await page.locator('.node[data-node="T3"]').click();
    await page.waitForURL(/#\/plan\/P1\/T3$/);
    await page.locator('#step-T3 details[open]').waitFor();
  });

  test('search finds a step and opens it', opts, async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('receipt');
    await page.keyboard.press('Enter');
    const hit = page.locator('.hit a', { hasText: 'T3' });
    await hit.waitFor();
    assert.match(await page.locator('.hit mark').first().textContent(), /receipt/i);
    await hit.click();
    await page.waitForURL(/#\/plan\/P1\/T3$/);
    await page.locator('#step-T3 details[open] .facts').waitFor();
    await page.locator('h2', { hasText: 'Acceptance criteria' }).waitFor();
    assert.match(await page.locator('.criteria').textContent(), /Card payments/);
    const side = await page.locator('.side').textContent();
    assert.match(side, /Use the sandbox key for tests\./);
    assert.match(side, /branch: feature\/checkout/);
    assert.match(side, /architect → builder: design done/);
    assert.match(side, /step T2 status \(in_progress → completed\) by alice/);
    await shot('plan-light');
  });

  test('a change by an MCP client in another process shows without a reload', opts, async () => {
    await page.goto(`${server.url}/#/board`);
    await card('T4').waitFor();
    const marker = await page.evaluate(() => { window.__sameDocument = true; return true; });
    const agent = await connectStdio({ db: project.db, cwd: project.dir, name: 'pm-e2e-web-agent' });
    try {
      const next = await agent.call('get_next_task', { agent: 'remote-agent', plan: 'P1' });
      const code = next.task.code;
      await column('in_progress').locator(`[data-code="${code}"]`, { hasText: '@remote-agent' }).waitFor();
    } finally {
      await agent.close();
    }
    assert.ok(marker && await page.evaluate(() => window.__sameDocument === true), 'the page was not reloaded');
  });

  test('dark and narrow: the same board, readable', opts, async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.url}/#/board`);
    await card('T3').waitFor();
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(bg, 'rgb(246, 247, 249)', 'the dark palette applies');
    await shot('board-dark');
    await page.goto(`${server.url}/#/graph/P1`);
    await page.locator('[data-edge="T2>T3"]').waitFor({ state: 'attached' });
    await page.setViewportSize({ width: 420, height: 800 });
    await page.goto(`${server.url}/#/board`);
    await card('T3').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a narrow window`);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('the page says so when the server is unreachable', opts, async () => {
    await page.goto(`${server.url}/#/board`);
    await card('T3').waitFor();
    await server.stop();
    await page.locator('#banner', { hasText: 'unreachable' }).waitFor();
  });

  test('with tokens defined, the page asks for one and keeps it for the session', opts, async () => {
    const token = createToken(project.db, 'bob');
    server = await startHttpServer(null, { db: project.db, cwd: project.dir });
    await page.goto(`${server.url}/#/board`);
    const dialog = page.locator('#login');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /needs a token/);
    await page.locator('#login-token').fill(token);
    await page.locator('#login-ok').click();
    await card('T3').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('pm-token')?.length > 0), true);
    await page.reload();
    await card('T3').waitFor();
    assert.equal(await dialog.isVisible(), false, 'no second prompt in the same session');
  });
});
