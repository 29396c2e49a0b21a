// A shop's console: log in, receive goods from the producer and sell them by scanning their
// codes, as a shop assistant does with a USB scanner (it types the code and presses Enter).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { MALFORMED_CODE, PRODUCER, SHOP, SHOP_CODES } from './demo.mjs';
import {
  ADMIN_TOKEN,
  LOGIN,
  api,
  assertNoProblems,
  checkAccessibility,
  closeBrowser,
  expectOk,
  expectRegistered,
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
  flowForm: 'form#flow',
  action: 'select[name=action]',
  codes: 'textarea[name=codes]',
  from: 'input[name=from]',
  result: '#result',
  stock: 'table#stock',
  keyForm: 'form[data-api$="/keys"]',
};
const PATHS = { login: '/login', console: '/console', flows: '/console/flows', keys: '/console/keys' };

const PASSWORD = 'browser-test 扫码 password';

/**
 * Submits the flow form and waits for its answer: answers `{ outcome, message }` once
 * `#result` carries an outcome other than `busy`. The outcome of an earlier submission is
 * removed first, so that it is not mistaken for this one's.
 */
async function submitFlow(page) {
  const result = page.locator(S.result);
  await result.evaluate((el) => el.removeAttribute('data-outcome'));
  await page.locator(S.flowForm).locator(S.submit).click();
  await page
    .locator(`${S.result}[data-outcome]:not([data-outcome="busy"])`)
    .waitFor({ state: 'attached' });
  return { outcome: await result.getAttribute('data-outcome'), message: await textOf(result) };
}

/** Types codes into the codes field one by one, each followed by Enter, as a scanner does. */
async function scanCodes(page, codes) {
  const field = page.locator(S.flowForm).locator(S.codes);
  await field.fill('');
  await field.click();
  for (const code of codes) {
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
  }
}

describe('shop console', () => {
  let browser;
  let account;

  before(async () => {
    for (const code of SHOP_CODES) await expectRegistered(code);
    account = freshId('shop');
    await makeAccount({
      id: account,
      kind: 'enterprise',
      enterprise: SHOP.creditCode,
      rights: ['seller'],
      password: PASSWORD,
    });
    // The demo records no shipments: the producer ships the two units to the shop first, so
    // that the shop's receipt matches a shipment, as it would in a real supply chain.
    expectOk(
      await api(
        'POST',
        '/api/v1/flows',
        { action: 'ship', by: PRODUCER.creditCode, to: SHOP.creditCode, codes: SHOP_CODES },
        ADMIN_TOKEN,
      ),
      `the producer's shipment of ${SHOP_CODES.join(', ')} to the shop`,
    );
    browser = await launchBrowser();
  });
  after(() => closeBrowser(browser));

  test('the login page is accessible', async () => {
    const tracked = await openPage(browser);
    try {
      await visit(tracked.page, PATHS.login);
      await tracked.page.locator(LOGIN.form).waitFor();
      await checkAccessibility(tracked.page);
      assertNoProblems(tracked);
    } finally {
      await tracked.close();
    }
  });

  test('a shop logs in, receives and sells scanned goods, and is told of a bad code', async () => {
    const tracked = await openPage(browser);
    const { page } = tracked;
    try {
      const landed = await logIn(page, account, PASSWORD);
      assert.equal(landed, PATHS.console, 'where a shop lands after logging in');
      await checkAccessibility(page);

      await visit(page, PATHS.flows);
      const form = page.locator(S.flowForm);
      await form.waitFor();
      await checkAccessibility(page);

      // Receipt from the producer.
      await form.locator(S.action).selectOption('receive');
      await scanCodes(page, SHOP_CODES);
      await form.locator(S.from).fill(PRODUCER.creditCode);
      let answer = await submitFlow(page);
      assert.equal(answer.outcome, 'ok', `receiving: ${answer.message}`);

      // Sale to consumers.
      await form.locator(S.action).selectOption('sell');
      await form.locator(S.from).fill('');
      await scanCodes(page, SHOP_CODES);
      answer = await submitFlow(page);
      assert.equal(answer.outcome, 'ok', `selling: ${answer.message}`);
      await screenshot(page, 'shop-flows-sold');

      // A code that is not one: the API refuses it (4xx), which Chromium reports on the
      // console as a resource that failed to load; that one is expected.
      tracked.allow(/Failed to load resource: the server responded with a status of 4\d\d/);
      await form.locator(S.action).selectOption('sell');
      await scanCodes(page, [MALFORMED_CODE]);
      answer = await submitFlow(page);
      assert.equal(answer.outcome, 'error', `a malformed code: ${answer.message}`);
      assert.notEqual(answer.message, '', 'the error says what is wrong');

      await screenshot(page, 'shop-flows-error');

      // The console shows what the shop received and sold of them.
      await visit(page, PATHS.console);
      const stock = page.locator(S.stock);
      await stock.waitFor();
      assert.match(await textOf(stock), /2/, 'two received and sold');
      await screenshot(page, 'shop-console');

      // A key for the shop's till system, shown once.
      await visit(page, PATHS.keys);
      await checkAccessibility(page);
      const keyForm = page.locator(S.keyForm);
      await keyForm.locator(S.submit).click();
      const made = keyForm.locator('[role=status][data-outcome="ok"]');
      await made.waitFor();
      assert.match(await textOf(made), /yima_[0-9a-f]{64}/, 'the new key\'s secret');
      assertNoProblems(tracked);
    } catch (error) {
      await screenshot(page, 'shop-flows-failure').catch(() => {});
      throw error;
    } finally {
      await tracked.close();
    }
  });
});
