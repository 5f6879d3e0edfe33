// Drafts, the leave guard, images pasted into posts and highlighted code (issue 19).
// A new user types a 面经, reloads: the draft is back. Leaving with text not yet saved asks first.
// A screenshot pasted into the editor is uploaded and shown; a fenced code block is highlighted.
// Then in English on a 390 px phone: a discussion draft survives leaving, is listed under My posts
// and can be discarded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openBrowser } from './browser.mjs';
import { assertNoHorizontalOverflow, closeChecked, loginUi, pageApi, setUiLanguage, signupApi, useFixture } from './helpers.mjs';

const fx = useFixture('drafts');

// A 2×2 red PNG: real image bytes, so the server's content check passes and the browser draws it.
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==';

/** Pastes a PNG named `name` into the textarea `selector`, as a clipboard with a file does. */
async function pasteImage(page, selector, name) {
  await page.locator(selector).evaluate(
    (el, { b64, name }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], name, { type: 'image/png' }));
      el.focus();
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { b64: PNG_BASE64, name },
  );
}

/** Waits until the autosave says the draft is on the server. */
async function draftSaved(page, text) {
  await page.locator('[data-testid=draft-status][data-state=saved]', { hasText: text }).waitFor();
}

function cspViolations(browser) {
  return browser.consoleErrors.filter((m) => /Content Security Policy/i.test(m));
}

test('a 面经 draft survives a reload, leaving asks first, a pasted image and a code block show', async () => {
  const account = await signupApi(fx.server, 'dr', '草稿君');
  const page = fx.page;
  await loginUi(page, account);
  await page.goto('/experiences/new');
  await page.locator('#experience_title').fill('美团后端一面：手写 LRU');
  await page.locator('#experience_content').fill('## 一面\n\n先问了项目。');
  await draftSaved(page, '已保存草稿');

  // A reload brings the text back from the server, with a way to discard it.
  await page.reload();
  await page.getByTestId('draft-restored').filter({ hasText: '已恢复' }).waitFor();
  assert.equal(await page.locator('#experience_title').inputValue(), '美团后端一面：手写 LRU');
  assert.equal(await page.locator('#experience_content').inputValue(), '## 一面\n\n先问了项目。');

  // Text typed a moment ago is not saved yet: leaving through the menu asks, and staying keeps it.
  await page.locator('#experience_content').press('ControlOrMeta+End');
  await page.locator('#experience_content').pressSequentially('然后手写 LRU。');
  await page.getByTestId('nav-discussions').click();
  await page.locator('.ant-modal-confirm', { hasText: '离开此页？' }).waitFor();
  await page.getByTestId('leave-cancel').click();
  assert.equal(new URL(page.url()).pathname, '/experiences/new');
  await draftSaved(page, '已保存草稿');

  // A pasted screenshot is uploaded and replaces its placeholder with a link to the file.
  await pasteImage(page, '#experience_content', '截图.png');
  await page.waitForFunction(() => /!\[截图\]\(\/api\/files\/\d+\)/.test(document.querySelector('#experience_content')?.value ?? ''));
  const content = await page.locator('#experience_content').inputValue();
  assert.ok(!content.includes('上传中'), `the placeholder is gone: ${content}`);
  await page.locator('#experience_content').press('ControlOrMeta+End');
  await page.locator('#experience_content').pressSequentially('\n```java\npublic class LRU { private int size = 0; }\n```\n');

  await page.getByTestId('md-preview-tab').click();
  const preview = page.getByTestId('md-preview');
  const img = preview.locator('img[src^="/api/files/"]');
  await img.waitFor();
  await page.waitForFunction(() => (document.querySelector('[data-testid=md-preview] img')?.naturalWidth ?? 0) > 0);
  await preview.locator('code.hljs .hljs-keyword', { hasText: 'public' }).first().waitFor();
  await fx.browser.screenshot('drafts-preview');

  // Publishing: the detail page shows both, and the draft is gone.
  await page.getByTestId('experience-form').getByText('编辑', { exact: true }).click();
  await page.locator('#experience_company').fill('美团');
  await page.locator('#experience_position').fill('后端开发工程师');
  await page.getByTestId('experience-submit').click();
  await page.waitForURL((u) => /^\/experiences\/\d+$/.test(u.pathname));
  await page.locator('.mj-markdown img[src^="/api/files/"]').waitFor();
  await page.locator('.mj-markdown code.hljs .hljs-keyword', { hasText: 'public' }).first().waitFor();
  const left = await pageApi(page, 'GET', '/api/drafts/experience');
  assert.equal(left.status, 404, 'publishing removed the draft');

  // A comment being written is guarded too.
  await page.getByTestId('comment-box').locator('textarea').fill('写得很详细，谢谢');
  await page.getByTestId('nav-discussions').click();
  await page.locator('.ant-modal-confirm', { hasText: '离开此页？' }).waitFor();
  await page.getByTestId('leave-cancel').click();
  assert.match(new URL(page.url()).pathname, /^\/experiences\/\d+$/);
  assert.equal(await page.getByTestId('comment-box').locator('textarea').inputValue(), '写得很详细，谢谢');
  await page.getByTestId('comment-box').locator('textarea').fill('');
  await page.goto('/experiences/new');
  await page.locator('#experience_title').waitFor();
  assert.equal(await page.getByTestId('draft-restored').count(), 0, 'a new form after publishing starts blank');
  assert.deepEqual(cspViolations(fx.browser), [], 'images and highlighting need nothing the CSP forbids');
});

test('in English on a phone: a discussion draft is saved on leaving and can be discarded', async () => {
  const account = await signupApi(fx.server, 'dm', 'Phone writer');
  const phone = await openBrowser(fx.server.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true, locale: 'en-US' });
  try {
    const page = phone.page;
    await loginUi(page, account);
    await setUiLanguage(page, 'en');
    // Opened from the list, so 取消 (back) stays inside the app, where the router can ask.
    await page.goto('/discussions');
    await page.locator('a[href="/discussions/new"]').first().click();
    await page.locator('#discussion_title').fill('How to prepare for autumn recruiting?');
    await page.locator('#discussion_content').fill('Looking for advice');
    await draftSaved(page, 'Draft saved');
    await assertNoHorizontalOverflow(page, 'discussion form with its draft state');
    await phone.screenshot('drafts-mobile-en');

    // Typing then leaving at once asks; leaving anyway still saves what was typed.
    await page.locator('#discussion_content').press('End');
    await page.locator('#discussion_content').pressSequentially(' on system design.');
    await page.getByTestId('discussion-form').getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.ant-modal-confirm', { hasText: 'Leave this page?' }).waitFor();
    await page.getByTestId('leave-confirm').click();
    await page.waitForURL((u) => u.pathname !== '/discussions/new');
    await page.waitForFunction(async () => {
      const r = await fetch('/api/drafts/discussion');
      return r.ok && (await r.json()).fields.content === 'Looking for advice on system design.';
    });

    // My posts lists the draft; continuing opens the form with it restored.
    await page.goto('/my-posts?tab=drafts');
    const item = page.getByTestId('draft-item').filter({ hasText: 'How to prepare for autumn recruiting?' });
    await item.waitFor();
    assert.match(await item.innerText(), /Discussion[\s\S]*New post[\s\S]*Saved/);
    await assertNoHorizontalOverflow(page, 'the draft list');
    await phone.screenshot('drafts-list-mobile-en');
    await item.getByTestId('draft-continue').click();
    await page.waitForURL((u) => u.pathname === '/discussions/new');
    await page.getByTestId('draft-restored').filter({ hasText: 'Restored your draft' }).waitFor();
    assert.equal(await page.locator('#discussion_content').inputValue(), 'Looking for advice on system design.');
    await page.getByTestId('draft-discard').click();
    await page.locator('.ant-message-notice', { hasText: 'Draft discarded' }).waitFor();
    assert.equal(await page.locator('#discussion_title').inputValue(), '');
    assert.equal((await pageApi(page, 'GET', '/api/drafts/discussion')).status, 404);
    await page.goto('/my-posts?tab=drafts');
    await page.getByTestId('drafts-empty').filter({ hasText: 'No unpublished drafts' }).waitFor();
  } finally {
    await closeChecked('phone', phone);
  }
});
