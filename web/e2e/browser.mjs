// Launches the system Chromium through playwright-core with a fresh profile.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ARTIFACTS_DIR } from './server.mjs';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Opens a browser context against `baseUrl`. Records page errors and any request that leaves the
 * origin (the UI must not touch the internet), so tests can assert on both. `args` adds Chromium
 * flags (e.g. a fake microphone), `permissions` grants permissions to the origin.
 */
export async function openBrowser(
  baseUrl,
  { viewport = { width: 1280, height: 800 }, locale = 'zh-CN', isMobile = false, args = [], permissions = [] } = {},
) {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'mianjing-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [...ARGS, ...args],
    viewport,
    locale,
    isMobile,
    hasTouch: isMobile,
    deviceScaleFactor: isMobile ? 2 : 1,
    baseURL: baseUrl,
  });
  const origin = new URL(baseUrl).origin;
  if (permissions.length) await context.grantPermissions(permissions, { origin });
  const pageErrors = [];
  const foreignRequests = [];
  const consoleErrors = [];
  context.on('request', (req) => {
    const url = req.url();
    if (/^(data|blob|about|chrome-extension):/.test(url)) return;
    if (new URL(url).origin !== origin) foreignRequests.push(url);
  });
  const watch = (page) => {
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);

  return {
    context,
    page,
    pageErrors,
    consoleErrors,
    foreignRequests,
    async screenshot(name, opts = {}) {
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      const file = path.join(ARTIFACTS_DIR, `${name}.png`);
      const { settle = 300, ...shot } = opts;
      // A full-page capture of a scrolled page draws the sticky header mid-page.
      if (shot.fullPage !== false) await page.evaluate(() => window.scrollTo(0, 0));
      // Let CSS transitions (menu ink bar, button colours after a state change) finish.
      if (settle) await page.waitForTimeout(settle);
      await page.screenshot({ path: file, fullPage: true, ...shot });
      return file;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A unique suffix for accounts, emails and phones within one run. */
export function unique() {
  counter += 1;
  return `${Date.now().toString(36).slice(-5)}${process.pid % 1000}${counter}`;
}

/** A mainland mobile number unlikely to collide between runs. */
export function uniquePhone() {
  const n = (Date.now() * 7 + process.pid * 13 + ++counter) % 1e9;
  return `139${String(n).padStart(8, '0').slice(-8)}`;
}
