// A producer's console: register a product and a batch with its inspection certificate, then
// issue platform codes (数字身份码) for it and get their label sheet.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { PRODUCER } from './demo.mjs';
import {
  assertNoProblems,
  checkAccessibility,
  closeBrowser,
  freshId,
  launchBrowser,
  logIn,
  makeAccount,
  openPage,
  screenshot,
  textOf,
  visit,
} from './support.mjs';

/** The page contract, in one place. */
const S = {
  submit: 'button[type=submit]',
  productForm: 'form[data-api="/api/v1/products"]',
  batchForm: 'form[data-api$="/batches"]',
  issueForm: 'form[data-api$="/issuances"]',
  importForm: 'form[data-api$="/codes"]',
  verdict: '[data-verdict]',
  ok: '[role=status][data-outcome="ok"]',
  failed: '[role=status][data-outcome="error"]',
  products: 'section[aria-labelledby=products] table',
};
const PATHS = { console: '/console', registry: '/console/registry' };

/** A GTIN-14 no demo product has: a random item reference and its GS1 check digit. */
function freshGtin() {
  const body = `0690999${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const sum = [...body].reverse().reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}
const PASSWORD = 'browser-test 赋码 password';

/** Submits `form` and answers the text of its status once it says ok; fails with its error. */
async function submitted(form) {
  await form.locator(S.submit).click();
  const ok = form.locator(S.ok);
  const failed = form.locator(S.failed);
  await Promise.race([ok.waitFor(), failed.waitFor()]);
  if (await failed.count()) assert.fail(`the form was refused: ${await textOf(failed)}`);
  return textOf(ok);
}

describe('producer console', () => {
  let browser;
  let account;

  before(async () => {
    account = freshId('maker');
    await makeAccount({
      id: account,
      kind: 'enterprise',
      enterprise: PRODUCER.creditCode,
      rights: ['producer'],
      password: PASSWORD,
    });
    browser = await launchBrowser();
  });
  after(() => closeBrowser(browser));

  test('a producer registers a product and a batch and issues codes with a label sheet', async () => {
    const tracked = await openPage(browser);
    const { page } = tracked;
    try {
      assert.equal(await logIn(page, account, PASSWORD), PATHS.console);
      await visit(page, PATHS.registry);
      await checkAccessibility(page);

      const model = `DN15 2.0m ${account}`;
      const gtin = freshGtin();
      const product = page.locator(S.productForm);
      await product.locator('[name=gtin]').fill(gtin);
      await product.locator('[name=name]').fill('燃气用具连接用不锈钢波纹软管');
      await product.locator('[name=model]').fill(model);
      await product.locator('[name=standard]').fill('CJ/T 197-2010');
      await product.locator('[name="approval.number"]').fill('XK16-204-00001');
      const productId = (await submitted(product)).match(/[0-9a-f-]{36}/)?.[0];
      assert.ok(productId, 'the new product\'s id is shown');

      // The new product is listed, and offered to the batch form.
      await visit(page, PATHS.registry);
      assert.match(await textOf(page.locator(S.products)), new RegExp(model));
      const batch = page.locator(S.batchForm);
      await batch.locator('[name=product_id]').selectOption(productId);
      await batch.locator('[name=lot]').fill('L251201B');
      await batch.locator('[name=production_date]').fill('2025-12-01');
      await batch.locator('[name=quantity]').fill('500');
      await batch.locator('[name="inspection.certificate_number"]').fill('JY2025120001');
      await batch.locator('[name="inspection.issuer"]').fill('上海市质量监督检验技术研究院');
      await batch.locator('[name="inspection.date"]').fill('2025-12-02');
      const batchId = (await submitted(batch)).match(/[0-9a-f-]{36}/)?.[0];
      assert.ok(batchId, 'the new batch\'s id is shown');
      await screenshot(page, 'producer-registry');

      // Codes the batch already carries, scanned in.
      const codes = [`(01)${gtin}(21)IMPORT1`, `(01)${gtin}(21)IMPORT2`];
      const imported = page.locator(S.importForm);
      await imported.locator('[name=batch_id]').fill(batchId);
      await imported.locator('[name=codes]').fill(codes.join('\n'));
      assert.match(await submitted(imported), /2/, 'two codes registered');

      // Platform codes for the batch: the form goes on to their label sheet.
      const issue = page.locator(S.issueForm);
      await issue.locator('[name=batch_id]').fill(batchId);
      await issue.locator('[name=count]').fill('3');
      const sheet = page.waitForURL((u) => /\/api\/v1\/issuances\/\d+\/\d+\/labels$/.test(new URL(u).pathname));
      await issue.locator(S.submit).click();
      await sheet;

      // An imported code scans as registered, with the batch's certificate.
      await visit(page, `/scan?code=${encodeURIComponent(codes[0])}`);
      assert.equal(await page.locator(S.verdict).getAttribute('data-verdict'), 'registered');
      assert.match(await textOf(page.locator('main')), /JY2025120001/);
      assertNoProblems(tracked);
    } catch (error) {
      await screenshot(page, 'producer-failure').catch(() => {});
      throw error;
    } finally {
      await tracked.close();
    }
  });
});
