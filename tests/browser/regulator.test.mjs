// A national regulator's dashboard: coverage of the catalogue, and a recall opened from it,
// which consumers then see when they scan a unit of the recalled batch.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { RECALL, SHOP } from './demo.mjs';
import {
  ADMIN_TOKEN,
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
  coverage: '#coverage',
  recallForm: 'form#recall',
  batches: 'textarea[name=batches]',
  reason: 'textarea[name=reason]',
  recallOutcome: 'form#recall [data-outcome="error"]',
  scope: 'table#scope',
  acknowledgements: '#acknowledgements',
  verdict: '[data-verdict]',
  graph: 'svg#graph',
  movements: 'table#movements',
};
const PATHS = { dashboard: '/dashboard' };
const RECALL_PAGE = /^\/dashboard\/recalls\/[^/]+$/;

const PASSWORD = 'browser-test 监管 password';

describe('regulator dashboard', () => {
  let browser;
  let account;

  before(async () => {
    await expectRegistered(RECALL.unitCode);
    account = freshId('samr');
    await makeAccount({ id: account, kind: 'regulator', jurisdiction: 'national', password: PASSWORD });
    // The unit goes from its producer to the shop before the recall, so that the scope has a
    // holder who must acknowledge it.
    for (const flow of [
      { action: 'ship', by: RECALL.producer.creditCode, to: SHOP.creditCode, codes: [RECALL.unitCode] },
      { action: 'receive', by: SHOP.creditCode, from: RECALL.producer.creditCode, codes: [RECALL.unitCode] },
    ]) {
      expectOk(await api('POST', '/api/v1/flows', flow, ADMIN_TOKEN), `${flow.action} of ${RECALL.unitCode}`);
    }
    browser = await launchBrowser();
  });
  after(() => closeBrowser(browser));

  test('a regulator logs in, opens a recall, and consumers see the unit recalled', async () => {
    const tracked = await openPage(browser);
    const { page } = tracked;
    try {
      const landed = await logIn(page, account, PASSWORD);
      assert.equal(landed, PATHS.dashboard, 'where a regulator lands after logging in');
      const coverage = page.locator(S.coverage);
      await coverage.waitFor();
      assert.equal(
        await coverage.evaluate((el) => el.tagName.toLowerCase()),
        'table',
        `${S.coverage} is a table`,
      );
      await checkAccessibility(page);

      const form = page.locator(S.recallForm);
      await form.locator(S.batches).fill(`${RECALL.gtin} ${RECALL.lot}\n`);
      await form.locator(S.reason).fill(RECALL.reason);
      const opened = page.waitForURL((u) => RECALL_PAGE.test(new URL(u).pathname));
      const refused = page.locator(S.recallOutcome).waitFor();
      opened.catch(() => {});
      refused.catch(() => {});
      await form.locator(S.submit).click();
      await Promise.race([opened, refused]);
      const where = new URL(page.url()).pathname;
      if (!RECALL_PAGE.test(where)) {
        assert.fail(`opening the recall was refused: ${await textOf(page.locator(S.recallOutcome))}`);
      }
      await page.waitForLoadState('load');
      await page.locator(S.scope).waitFor();
      await page.locator(S.acknowledgements).waitFor();
      const recallPath = new URL(page.url()).pathname;
      const shopRow = () => page.locator(`${S.acknowledgements} tr`, { hasText: SHOP.name });
      assert.match(await textOf(page.locator(S.scope)), new RegExp(SHOP.name), 'the shop is in the scope');
      assert.match(await textOf(shopRow()), /未确认/, 'the shop has not acknowledged yet');
      await checkAccessibility(page);

      // The shop acknowledges (through the API, as its own system would); the page shows when.
      const recallId = recallPath.split('/').pop();
      expectOk(
        await api('POST', `/api/v1/recalls/${recallId}/acknowledgements`, { enterprise: SHOP.creditCode }, ADMIN_TOKEN),
        'the shop\'s acknowledgement',
      );
      await visit(page, recallPath);
      assert.match(await textOf(shopRow()), /\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\+8\)/, 'the shop\'s acknowledgement time');
      await screenshot(page, 'regulator-recall');

      // The unit's trace, drawn.
      await visit(page, `/dashboard/trace?code=${encodeURIComponent(RECALL.unitCode)}&direction=downstream`);
      await page.locator(S.graph).waitFor();
      assert.match(await textOf(page.locator(S.movements)), new RegExp(SHOP.name), "the shop by its name");
      await screenshot(page, 'regulator-trace');
      await checkAccessibility(page);

      await visit(page, `/scan?code=${encodeURIComponent(RECALL.unitCode)}`);
      const verdict = page.locator(S.verdict);
      assert.equal(await verdict.getAttribute('data-verdict'), 'recalled', 'data-verdict');
      assert.notEqual(await textOf(verdict), '', 'the verdict says something');
      await screenshot(page, 'scan-recalled-zh');
      assertNoProblems(tracked);
    } catch (error) {
      await screenshot(page, 'regulator-failure').catch(() => {});
      throw error;
    } finally {
      await tracked.close();
    }
  });
});
