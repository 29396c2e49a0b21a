// The public scan page: what a consumer sees after scanning a code with a phone.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { SCAN, UNKNOWN_CODE } from './demo.mjs';
import {
  MOBILE,
  ORIGIN,
  assertNoProblems,
  checkAccessibility,
  closeBrowser,
  expectRegistered,
  launchBrowser,
  openPage,
  screenshot,
  textOf,
  visit,
} from './support.mjs';

/** The page contract, in one place. */
const S = {
  verdict: '[data-verdict]',
};
/** The most a scan page may transfer, document and everything it loads. */
const MAX_PAGE_BYTES = 50 * 1024;

const scanPath = (code, query = '') => `/scan?code=${encodeURIComponent(code)}${query}`;

async function langOf(page) {
  return page.locator('html').getAttribute('lang');
}

async function verdictOf(page) {
  const element = page.locator(S.verdict);
  await element.first().waitFor({ state: 'attached' });
  assert.equal(await element.count(), 1, `one ${S.verdict} element on ${page.url()}`);
  return { verdict: await element.getAttribute('data-verdict'), text: await textOf(element) };
}

describe('scan page', () => {
  let browser;
  before(async () => {
    await expectRegistered(SCAN.code);
    browser = await launchBrowser();
  });
  after(() => closeBrowser(browser));

  test('a registered code, in Chinese by default, on a phone', async () => {
    const tracked = await openPage(browser, MOBILE);
    try {
      const { page } = tracked;
      await visit(page, scanPath(SCAN.code));
      assert.equal(await langOf(page), 'zh-CN', 'html[lang]');
      const { verdict, text } = await verdictOf(page);
      assert.equal(verdict, 'registered', 'data-verdict');
      assert.notEqual(text, '', 'the verdict says something');

      const elsewhere = tracked.requests
        .map((r) => r.url())
        .filter((u) => !/^(data|blob):/.test(u) && new URL(u).origin !== ORIGIN);
      assert.deepEqual(elsewhere, [], 'requests to another host');

      let bytes = 0;
      const sizes = [];
      for (const response of tracked.responses) {
        const body = await response.body().catch(() => Buffer.alloc(0));
        bytes += body.length;
        sizes.push(`${response.url()}: ${body.length}`);
      }
      assert.ok(
        bytes < MAX_PAGE_BYTES,
        `the page transfers ${bytes} bytes (at most ${MAX_PAGE_BYTES}):\n  ${sizes.join('\n  ')}`,
      );

      await screenshot(page, 'scan-registered-zh');
      await checkAccessibility(page);
      assertNoProblems(tracked);
    } finally {
      await tracked.close();
    }
  });

  test('?lang=en shows the page in English', async () => {
    const zh = await openPage(browser, MOBILE);
    const en = await openPage(browser, MOBILE);
    try {
      await visit(zh.page, scanPath(SCAN.code));
      const chinese = await verdictOf(zh.page);

      await visit(en.page, scanPath(SCAN.code, '&lang=en'));
      assert.equal(await langOf(en.page), 'en', 'html[lang]');
      const english = await verdictOf(en.page);
      assert.equal(english.verdict, 'registered', 'data-verdict');
      assert.notEqual(english.text, '', 'the verdict says something');
      assert.notEqual(english.text, chinese.text, 'the English verdict differs from the Chinese');

      await screenshot(en.page, 'scan-registered-en');
      await checkAccessibility(en.page);
      assertNoProblems(zh);
      assertNoProblems(en);
    } finally {
      await zh.close();
      await en.close();
    }
  });

  test('a browser asking for English (Accept-Language: en) gets English', async () => {
    const zh = await openPage(browser);
    const en = await openPage(browser, { locale: 'en', extraHTTPHeaders: { 'Accept-Language': 'en' } });
    try {
      await visit(zh.page, scanPath(SCAN.code));
      const chinese = await verdictOf(zh.page);

      await visit(en.page, scanPath(SCAN.code));
      assert.equal(await langOf(en.page), 'en', 'html[lang]');
      const english = await verdictOf(en.page);
      assert.equal(english.verdict, 'registered', 'data-verdict');
      assert.notEqual(english.text, chinese.text, 'the English verdict differs from the Chinese');
      assertNoProblems(zh);
      assertNoProblems(en);
    } finally {
      await zh.close();
      await en.close();
    }
  });

  test('the Digital Link path of the same unit gives the same verdict', async () => {
    const byQuery = await openPage(browser);
    const byPath = await openPage(browser);
    try {
      await visit(byQuery.page, scanPath(SCAN.code));
      const expected = await verdictOf(byQuery.page);

      await visit(byPath.page, SCAN.digitalLinkPath);
      assert.equal(await langOf(byPath.page), 'zh-CN', 'html[lang]');
      const got = await verdictOf(byPath.page);
      assert.equal(got.verdict, 'registered', 'data-verdict');
      assert.equal(got.text, expected.text, 'the verdict text');
      await checkAccessibility(byPath.page);
      assertNoProblems(byQuery);
      assertNoProblems(byPath);
    } finally {
      await byQuery.close();
      await byPath.close();
    }
  });

  test('a well-formed code nobody registered is unknown', async () => {
    const tracked = await openPage(browser, MOBILE);
    try {
      await visit(tracked.page, scanPath(UNKNOWN_CODE));
      const { verdict, text } = await verdictOf(tracked.page);
      assert.equal(verdict, 'unknown', 'data-verdict');
      assert.notEqual(text, '', 'the verdict says something');
      await screenshot(tracked.page, 'scan-unknown-zh');
      await checkAccessibility(tracked.page);
      assertNoProblems(tracked);
    } finally {
      await tracked.close();
    }
  });
});
