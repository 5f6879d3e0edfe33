// Resume, avatar and recommendations against the real backend (the whole shared question file
// imported): fill a resume, attach a PDF whose text the server extracts, save, reload; a mistyped
// attachment shows the server's 415; server field reasons land on their section; recommend from a
// job posting ("熟悉 Redis 和 MySQL" ranks Redis/MySQL questions first); avatar upload with
// client-side and server-side refusals; phone-width screens.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { openBrowser } from './browser.mjs';
import { pdf, png } from './files.mjs';
import { assertNoHorizontalOverflow, closeChecked, expectToast, loginUi, pageApi, signupApi, useFixture } from './helpers.mjs';
import { sharedDataFile, sharedDataPath } from './server.mjs';

const QUESTIONS = sharedDataFile('questions.jsonl');
const skip = QUESTIONS ? false : `the shared question file is missing (${sharedDataPath('questions.jsonl')}); skipping the resume tests`;

/** Picks a date in the antd DatePicker with id `id` by typing it. */
async function pickDate(page, id, date) {
  const input = page.locator(`#${id}`);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

describe('resume, avatar and recommendations', { skip }, () => {
  const fx = useFixture('resume', {}, { importQuestions: QUESTIONS });
  let account;
  let phone;

  after(() => closeChecked('phone', phone));

  test('fill education and skills, attach a PDF, save, reload: everything persists and Redis is extracted', async () => {
    account = await signupApi(fx.server, 'rs', '简历人');
    const page = fx.page;
    await loginUi(page, account);
    await page.getByTestId('nav-resume').click();
    await page.waitForURL((u) => u.pathname === '/resume');
    await page.getByTestId('resume-empty').waitFor();
    await page.getByTestId('resume-save').filter({ hasText: '创建简历' }).waitFor();

    // A started entry needs its school before anything is sent.
    await page.locator('#resume_education_0_major').fill('计算机科学与技术');
    await page.getByTestId('resume-save').click();
    await page.getByTestId('section-education').getByText('请输入学校').waitFor();

    await page.locator('#resume_education_0_school').fill('浙江大学');
    await page.locator('#resume_education_0_degree').fill('本科');
    await pickDate(page, 'resume_education_0_admission_date', '2019-09-01');
    // Graduating before admission is refused on the spot.
    await pickDate(page, 'resume_education_0_graduation_date', '2018-06-30');
    await page.getByTestId('section-education').getByText('结束时间不能早于开始时间').waitFor();
    await pickDate(page, 'resume_education_0_graduation_date', '2023-06-30');
    await page.getByTestId('section-education').getByText('结束时间不能早于开始时间').waitFor({ state: 'hidden' });
    const skills = page.locator('#resume_skills');
    for (const s of ['Go', 'Kafka']) {
      await skills.fill(s);
      await skills.press('Enter');
    }
    await page.locator('#resume_autobiography').fill('三年后端开发经验，熟悉高并发服务。');

    // A text file named .pdf: the browser lets it through, the server sniffs the content (415).
    const upload = page.getByTestId('attachment-upload').locator('input[type=file]');
    await upload.setInputFiles({ name: 'resume.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a pdf') });
    const err = page.getByTestId('attachment-error');
    await err.getByText(/仅支持 PDF/).waitFor();
    assert.match(await err.innerText(), /[\u4e00-\u9fff]/);
    // A Word document is refused before uploading.
    await upload.setInputFiles({ name: 'resume.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('PK') });
    await err.getByText('附件只能是 PDF 文件').waitFor();

    // A real PDF: uploaded, attached (this creates the resume), its text and skills extracted.
    await upload.setInputFiles({ name: 'zhang-resume.pdf', mimeType: 'application/pdf', buffer: pdf('Redis MySQL') });
    await expectToast(page, '附件已上传');
    await page.getByTestId('attachment-file').getByText('zhang-resume.pdf').waitFor();
    assert.equal(await page.getByTestId('attachment-excerpt').innerText(), 'Redis MySQL');
    await page.getByTestId('extracted-skills').getByText('Redis', { exact: true }).waitFor();
    // The form kept what was typed; saving now updates the resume the upload created.
    assert.equal(await page.locator('#resume_education_0_school').inputValue(), '浙江大学');
    await page.getByTestId('resume-save').filter({ hasText: '保存简历' }).click();
    await expectToast(page, '简历已保存');
    await fx.browser.screenshot('resume');

    await page.reload();
    await page.locator('#resume_education_0_school').waitFor();
    assert.equal(await page.locator('#resume_education_0_school').inputValue(), '浙江大学');
    assert.equal(await page.locator('#resume_education_0_major').inputValue(), '计算机科学与技术');
    assert.equal(await page.locator('#resume_education_0_admission_date').inputValue(), '2019-09-01');
    assert.equal(await page.locator('#resume_education_0_graduation_date').inputValue(), '2023-06-30');
    const chosen = await page.getByTestId('skills-input').locator('.ant-select-selection-item').allInnerTexts();
    assert.deepEqual(chosen, ['Go', 'Kafka']);
    const extracted = await page.getByTestId('extracted-skill').allInnerTexts();
    for (const s of ['Redis', 'MySQL', 'Go', 'Kafka']) assert.ok(extracted.map((x) => x.trim()).includes(s), `${s} in ${extracted}`);
    await page.getByTestId('attachment-file').getByText('zhang-resume.pdf').waitFor();
    const saved = await pageApi(page, 'GET', '/api/resumes');
    assert.deepEqual(saved.body.education, [
      { school: '浙江大学', major: '计算机科学与技术', degree: '本科', admission_date: '2019-09-01', graduation_date: '2023-06-30' },
    ]);
    assert.equal(saved.body.autobiography, '三年后端开发经验，熟悉高并发服务。');

    // An extracted skill not in the list joins it with one click.
    await page.getByTestId('extracted-skill').filter({ hasText: 'Redis' }).click();
    assert.deepEqual(await page.getByTestId('skills-input').locator('.ant-select-selection-item').allInnerTexts(), ['Go', 'Kafka', 'Redis']);
  });

  test('server field reasons land on their section', async () => {
    const page = fx.page;
    await page.route('**/api/resumes', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({
              code: 'validation_failed',
              message: '提交的内容有误，请检查标出的字段。',
              fields: { education: ['日期格式应为 YYYY-MM-DD。'], skills: ['最多 50 个技能'] },
            }),
          })
        : route.fallback(),
    );
    await page.getByTestId('resume-save').click();
    await page.getByTestId('section-education').getByText('日期格式应为 YYYY-MM-DD。').waitFor();
    await page.locator('.ant-form-item').filter({ has: page.locator('#resume_skills') }).getByText('最多 50 个技能').waitFor();
    await page.unroute('**/api/resumes');
    await page.getByTestId('resume-save').click();
    await expectToast(page, '简历已保存');
  });

  test('recommend from a posting "熟悉 Redis 和 MySQL": Redis and MySQL questions first', async () => {
    const page = fx.page;
    await page.goto('/questions');
    await page.getByTestId('recommend-cta').getByRole('button').click();
    await page.waitForURL((u) => u.pathname === '/questions/recommend');
    // Nothing to go on: the form says what it needs.
    await page.getByTestId('recommend-submit').click();
    await page.getByText('请粘贴岗位描述，或勾选「结合我的简历」').waitFor();

    await page.getByTestId('jd-input').fill('熟悉 Redis 和 MySQL');
    await page.getByTestId('recommend-submit').click();
    const results = page.getByTestId('recommend-results');
    await results.waitFor();
    const keywords = await results.getByTestId('keyword').allInnerTexts();
    assert.ok(keywords.includes('Redis') && keywords.includes('MySQL'), `keywords: ${keywords}`);
    const cards = results.getByTestId('question-card');
    assert.ok((await cards.count()) >= 5);
    for (let i = 0; i < 5; i++) {
      const matched = await cards.nth(i).getByTestId('matched-keywords').innerText();
      assert.match(matched, /Redis|MySQL/i, `result ${i + 1} matches Redis or MySQL: ${matched}`);
    }
    // The matched words are highlighted in the question.
    assert.ok((await results.locator('mark.mj-mark').count()) > 0);
    await fx.browser.screenshot('recommend');

    // With the resume too (it has Go, Kafka, Redis, MySQL).
    await page.getByTestId('use-resume').check();
    await page.getByTestId('recommend-submit').click();
    await results.getByTestId('keyword').filter({ hasText: 'Kafka' }).waitFor();
  });

  test('avatar upload: wrong type and size refused with the rule, a PNG becomes the avatar', async () => {
    const page = fx.page;
    await page.goto('/profile');
    const upload = page.getByTestId('avatar-upload').locator('input[type=file]');
    const err = page.getByTestId('avatar-error');
    await page.getByTestId('avatar-upload').getByText('支持 PNG、JPEG、WebP、GIF，不超过 2 MB').waitFor();
    // Checked in the browser first.
    await upload.setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.concat([png(8), Buffer.alloc(3 * 1024 * 1024)]) });
    await err.getByText(/头像不能超过 2 MB/).waitFor();
    // A text file named .png passes the browser's check; the server refuses it (415).
    await upload.setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('this is text, not an image') });
    await err.getByText(/支持 PNG、JPEG、WebP、GIF/).waitFor();
    const text = await err.innerText();
    assert.notEqual(text.trim(), '支持 PNG、JPEG、WebP、GIF，不超过 2 MB', 'the server message comes first');

    await upload.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png(64) });
    await expectToast(page, '头像已更新');
    const src = await page.getByTestId('profile-summary').locator('.ant-avatar img').getAttribute('src');
    assert.match(src, /^\/api\/files\/\d+$/);
    const me = await pageApi(page, 'GET', '/api/users/profile');
    assert.equal(me.body.avatar, src);
    // Saving the profile form afterwards keeps the new avatar (and accepts its same-origin link).
    await page.locator('#profile_signature').fill('换了新头像');
    await page.getByTestId('profile-save').click();
    await expectToast(page, '资料已保存');
    assert.equal((await pageApi(page, 'GET', '/api/users/profile')).body.avatar, src);
    await page.getByTestId('user-menu').locator('img').waitFor();
    await fx.browser.screenshot('profile-avatar');
  });

  test('phone width: resume and recommendations fit 390 px', async () => {
    phone = await openBrowser(fx.server.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true });
    const page = phone.page;
    await loginUi(page, account);
    await page.goto('/resume');
    await page.locator('#resume_education_0_school').waitFor();
    await assertNoHorizontalOverflow(page);
    await phone.screenshot('mobile-resume');
    await page.goto('/questions/recommend');
    await page.getByTestId('jd-input').fill('熟悉 Redis 和 MySQL，了解 Kafka');
    await page.getByTestId('recommend-submit').click();
    await page.getByTestId('recommend-results').waitFor();
    await assertNoHorizontalOverflow(page);
    await phone.screenshot('mobile-recommend');
    await page.goto('/profile');
    await page.getByTestId('avatar-upload').waitFor();
    await assertNoHorizontalOverflow(page);
    await phone.screenshot('mobile-profile-avatar', { fullPage: false });
  });

  test('deleting the resume asks first, then the page offers to create one again', async () => {
    const page = fx.page;
    await page.goto('/resume');
    await page.getByTestId('resume-delete').click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.locator('.ant-modal-confirm-title', { hasText: '删除你的简历？' }).waitFor();
    await confirm.getByRole('button', { name: '取消' }).click();
    await confirm.waitFor({ state: 'hidden' });
    assert.equal((await pageApi(page, 'GET', '/api/resumes')).status, 200);
    await page.getByTestId('resume-delete').click();
    await page.getByTestId('resume-delete-ok').click();
    await expectToast(page, '简历已删除');
    await page.getByTestId('resume-empty').waitFor();
    await page.getByTestId('resume-save').filter({ hasText: '创建简历' }).waitFor();
    assert.equal((await pageApi(page, 'GET', '/api/resumes')).status, 404);
    assert.equal(await page.locator('#resume_education_0_school').inputValue(), '');
  });
});
