// The harness itself, before any page: Chromium starts, reaches the server through YIMA_URL,
// and the administrator's key works. When these fail, the page tests' failures say nothing
// about the pages.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ADMIN_TOKEN,
  ORIGIN,
  api,
  assertNoProblems,
  closeBrowser,
  launchBrowser,
  openPage,
  visit,
} from './support.mjs';

describe('harness', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(() => closeBrowser(browser));

  test('Chromium reaches the server', async () => {
    const tracked = await openPage(browser);
    // /healthz is JSON, not a page: it declares no icon, so Chromium asks for /favicon.ico.
    tracked.allow(/favicon\.ico/);
    try {
      const response = await visit(tracked.page, '/healthz');
      assert.equal(new URL(response.url()).origin, ORIGIN);
      assert.equal(typeof (await response.json()), 'object', '/healthz answers JSON');
      assertNoProblems(tracked);
    } finally {
      await tracked.close();
    }
  });

  test('the administrator key is accepted', async () => {
    const answer = await api('GET', '/api/v1/audit?limit=1', undefined, ADMIN_TOKEN);
    assert.equal(answer.status, 200, answer.text);
  });
});
