// Per-file fixture: one backend + one browser, torn down after the file's tests.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { openBrowser } from './browser.mjs';
import { startServer } from './server.mjs';

export function useFixture(name, browserOpts = {}) {
  const fx = { server: null, browser: null, get page() { return this.browser.page; } };
  before(async () => {
    fx.server = await startServer({ name });
    fx.browser = await openBrowser(fx.server.baseUrl, browserOpts);
  });
  after(async () => {
    if (fx.browser) {
      assert.deepEqual(fx.browser.foreignRequests, [], 'the UI must not request anything outside its origin');
      assert.deepEqual(fx.browser.pageErrors, [], 'no uncaught errors in the page');
      await fx.browser.close();
    }
    if (fx.server) await fx.server.stop();
  });
  return fx;
}

/** Picks `optionText` in the antd Select rendered inside `selector`. */
export async function chooseOption(page, selector, optionText) {
  await page.locator(selector).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: optionText }).first().click();
}

/** Waits for an antd message toast containing `text`. */
export async function expectToast(page, text) {
  await page.locator('.ant-message-notice', { hasText: text }).first().waitFor();
}

export const PASSWORD = 'Mj-e2e-Secret9x';
