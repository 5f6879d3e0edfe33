// Content-Security-Policy in a real browser (issue 18): the UI embedded in the binary and the
// Swagger UI at /api/docs render under the server's policies without a single violation, and the
// policy really is enforced (an injected inline script does not run).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unique } from './browser.mjs';
import { PASSWORD, useFixture } from './helpers.mjs';

// The headers come from the binary: serve the UI it embeds, not web/dist through the test proxy.
process.env.E2E_EMBEDDED = '1';

const fx = useFixture('harden');

/** Records every CSP violation of every page of the context in `window.__csp`. */
async function watchViolations(context) {
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

const violations = (page) => page.evaluate(() => window.__csp);
const cspConsole = () => fx.browser.consoleErrors.filter((m) => /Content Security Policy/i.test(m));

test('the app shell renders under its CSP with no violations', async () => {
  const page = fx.page;
  await watchViolations(fx.browser.context);
  const res = await page.goto('/');
  const csp = res.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self';/);
  assert.match(csp, /style-src 'self' 'unsafe-inline'/);
  await page.getByRole('menuitem').first().waitFor();
  await fx.browser.screenshot('harden-home-csp');
  assert.deepEqual(await violations(page), []);

  // Pages with many antd components (CSS-in-JS styles injected at run time), logged in.
  const account = `h_${unique()}`.slice(0, 20);
  const r = await fx.server.api('POST', '/api/users/signup', { accept_terms: true, account, name: '安全', email: `${account}@example.com`, password: PASSWORD });
  assert.equal(r.status, 201);
  await page.goto('/login');
  await page.locator('#login_account').fill(account);
  await page.locator('#login_password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByTestId('user-menu').waitFor();
  for (const path of ['/profile', '/questions', '/experiences/new']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await violations(page), [], path);
  }
  await fx.browser.screenshot('harden-profile-csp');
  assert.deepEqual(cspConsole(), []);

  // The policy is enforced: an inline script injected into the page does not run.
  const ran = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.head.appendChild(s);
    await new Promise((r) => setTimeout(r, 100));
    return window.__inlineRan === true;
  });
  assert.equal(ran, false);
  assert.ok((await violations(page)).some((v) => v.startsWith('script-src')), 'the blocked script is reported');
});

test('the API docs (Swagger UI) render under their CSP with no violations', async () => {
  const page = fx.page;
  fx.browser.consoleErrors.length = 0;
  const res = await page.goto('/api/docs/');
  assert.match(res.headers()['content-security-policy'], /script-src 'self';/);
  await page.locator('.swagger-ui .info .title').filter({ hasText: 'mianjing API' }).waitFor();
  // Open one operation: its parameters, schemas and highlighted examples render too.
  await page.locator('.opblock-summary').first().click();
  await page.locator('.opblock-body').first().waitFor();
  await page.waitForLoadState('networkidle');
  await fx.browser.screenshot('harden-api-docs-csp', { fullPage: false });
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(cspConsole(), []);
});

test('file-like paths and unknown methods do not get the app shell', async () => {
  for (const path of ['/.env', '/.git/HEAD', '/secret.key', '/assets/missing.js']) {
    const res = await fetch(fx.server.apiUrl + path);
    assert.equal(res.status, 404, path);
    assert.doesNotMatch(await res.text(), /<!doctype html/i, path);
  }
  const res = await fetch(fx.server.apiUrl + '/profile', { method: 'PUT' });
  assert.equal(res.status, 405);
});
