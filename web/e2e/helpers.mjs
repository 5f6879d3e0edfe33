// Per-file fixture: one backend + one browser, torn down after the file's tests.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { openBrowser, unique } from './browser.mjs';
import { startServer } from './server.mjs';

/**
 * Server options for a file whose checks count posts: no import of the shared data even when
 * E2E_IMPORT_EXPERIENCES / E2E_IMPORT_QUESTIONS are set (as scripts/test.sh sets them).
 */
export const NO_IMPORTS = Object.freeze({ importExperiences: null, importQuestions: null });

/** `serverOpts` go to startServer (e.g. `{ importQuestions: file }`). */
export function useFixture(name, browserOpts = {}, serverOpts = {}) {
  const fx = { server: null, browser: null, get page() { return this.browser.page; } };
  before(async () => {
    fx.server = await startServer({ name, ...serverOpts });
    fx.browser = await openBrowser(fx.server.baseUrl, browserOpts);
  });
  after(async () => {
    // Close everything first: a failed check must not leave the browser and server running
    // (they would keep the test process alive).
    const foreign = fx.browser ? [...fx.browser.foreignRequests] : [];
    const errors = fx.browser ? [...fx.browser.pageErrors] : [];
    try {
      if (fx.browser) await fx.browser.close();
    } finally {
      if (fx.server) await fx.server.stop();
    }
    assert.deepEqual(foreign, [], 'the UI must not request anything outside its origin');
    assert.deepEqual(errors, [], 'no uncaught errors in the page');
  });
  return fx;
}

/** Closes an extra browser opened by a test, then checks it stayed on its origin without page errors. */
export async function closeChecked(label, browser) {
  if (!browser) return;
  const foreign = [...browser.foreignRequests];
  const errors = [...browser.pageErrors];
  await browser.close();
  assert.deepEqual(foreign, [], `${label}: the UI must not request anything outside its origin`);
  assert.deepEqual(errors, [], `${label}: no uncaught errors in the page`);
}

/**
 * Opens the popup at `trigger` (an antd Select's dropdown or a Dropdown menu), clicks `item` in it and
 * waits `timeout` ms for `done` (a locator to appear, or a URL predicate). The popup's open animation
 * can move its items between Playwright's stability check and its click on a busy machine (a CI run
 * once picked 前端 for 后端), so a click that did not take is retried, 3 tries in all.
 */
async function clickInPopup(page, trigger, item, done, timeout) {
  for (let attempt = 1; ; attempt++) {
    await trigger.click();
    await item.waitFor();
    await page.waitForTimeout(250); // the popup's slide-in or zoom-in takes 200 ms
    await item.click();
    try {
      if (typeof done === 'function') await page.waitForURL(done, { timeout });
      else await done.waitFor({ timeout });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

/** Picks `optionText` in the single antd Select at `selector`, then waits until the Select shows it. */
export async function chooseOption(page, selector, optionText) {
  const select = page.locator(selector);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: optionText }).first();
  try {
    await clickInPopup(page, select, option, select.filter({ hasText: optionText }), 2000);
  } catch (e) {
    throw new Error(`${selector}: could not choose ${optionText}; shows ${await select.innerText()}`);
  }
}

/** Opens the antd Dropdown at `trigger`, clicks `item` and waits for `done` (a locator or a URL predicate). */
export async function chooseMenuItem(page, trigger, item, done) {
  await clickInPopup(page, trigger, item, done, 5000);
}

/** Waits for an antd message toast containing `text`. */
export async function expectToast(page, text) {
  await page.locator('.ant-message-notice', { hasText: text }).first().waitFor();
}

export const PASSWORD = 'Mj-e2e-Secret9x';

/** Creates an initialised account through the API; returns its account name. */
export async function signupApi(server, prefix, name) {
  const account = `${prefix}_${unique()}`.slice(0, 20);
  const res = await server.api('POST', '/api/users/signup', { accept_terms: true,
    account,
    name,
    email: `${account}@example.com`,
    password: PASSWORD,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return account;
}

/** A bearer token of `account` (password [`PASSWORD`]) for fixtures made through `server.api`. */
export async function tokenOf(server, account) {
  const res = await server.api('POST', '/api/users/login', { account, password: PASSWORD });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.token;
}

/** Logs `account` in through the login page and waits for the home page. */
export async function loginUi(page, account, password = PASSWORD) {
  await page.goto('/login');
  await page.locator('#login_account').fill(account);
  await page.locator('#login_password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByTestId('user-menu').waitFor();
}

/** Calls the API from inside the page, with the session cookie and CSRF header the UI uses. */
export async function pageApi(page, method, pathname, body) {
  return page.evaluate(
    async ({ method, pathname, body }) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('mj_csrf='))?.slice(8);
      const res = await fetch(pathname, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    { method, pathname, body },
  );
}

/** Sets the UI language (`zh-CN` | `zh-TW` | `en`) as the language switcher stores it, and reloads. */
export async function setUiLanguage(page, lang) {
  if (!/^https?:/.test(page.url())) await page.goto('/');
  await page.evaluate((l) => localStorage.setItem('mj.lang', l), lang);
  await page.reload();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** Fails when the page is wider than the viewport (something overflows sideways). */
export async function assertNoHorizontalOverflow(page, label = page.url()) {
  const { scroll, viewport } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  assert.ok(scroll <= viewport, `${label}: page is ${scroll}px wide, wider than the ${viewport}px screen`);
}
