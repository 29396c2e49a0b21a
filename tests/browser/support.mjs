// What the browser tests share: the browser, pages that record what went wrong in them,
// accessibility checks with axe-core, screenshots, and the JSON API for setting things up.
//
// The server is started by scripts/browser-test, which exports
//   YIMA_URL          http://localhost:<port> (localhost: the session cookie is Secure, and
//                     browsers keep Secure cookies over plain HTTP only for localhost)
//   YIMA_ADMIN_TOKEN  the first administrator's API key (<data dir>/admin.token)
//   YIMA_SCREENSHOTS  where screenshots go (default: target/browser-screenshots)

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the browser tests through scripts/browser-test`);
  }
  return value;
}

/** The server's base URL, without a trailing slash. */
export const BASE_URL = required('YIMA_URL').replace(/\/+$/, '');
export const ORIGIN = new URL(BASE_URL).origin;
export const ADMIN_TOKEN = required('YIMA_ADMIN_TOKEN');
export const SCREENSHOT_DIR =
  process.env.YIMA_SCREENSHOTS || path.resolve(here, '../../target/browser-screenshots');

/** The Chromium of the Debian package; Playwright never downloads a browser here. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
];

/** A phone's screen (CSS pixels), for the pages consumers open by scanning. */
export const MOBILE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/** How long one page action or wait may take before the test fails. */
const ACTION_TIMEOUT_MS = 15_000;

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export async function closeBrowser(browser) {
  if (browser) await browser.close();
}

/** The absolute URL of a path on the server under test. */
export function url(pathAndQuery) {
  return new URL(pathAndQuery, BASE_URL + '/').href;
}

/**
 * A page in a fresh browser context (own cookies), which records every console message of
 * type error, every uncaught exception (`pageerror`) and every failed request, to be checked
 * with `assertNoProblems`. Also records every request and response, for the tests that look
 * at what a page loads.
 *
 * The context's locale is zh-CN unless `options` says otherwise: without one, Chromium sends
 * `Accept-Language: en-US`, and the pages follow the browser's language.
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  const problems = [];
  const allowed = [];
  const requests = [];
  const responses = [];
  const note = (kind, text) => {
    if (!allowed.some((re) => re.test(text))) problems.push({ kind, text, at: page.url() });
  };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location();
    const from = where && where.url ? ` (${where.url}:${where.lineNumber})` : '';
    note('console error', message.text() + from);
  });
  page.on('pageerror', (error) => note('uncaught exception', String(error.stack || error)));
  page.on('requestfailed', (request) => {
    // The browser's own pages (its PDF viewer's chrome:// and chrome-extension:// files, cut
    // short when the test moves on) are not the site's requests.
    if (!/^https?:/.test(request.url())) return;
    const failure = request.failure();
    note('failed request', `${request.method()} ${request.url()}: ${failure ? failure.errorText : '?'}`);
  });
  page.on('request', (request) => requests.push(request));
  page.on('response', (response) => responses.push(response));
  return {
    context,
    page,
    problems,
    requests,
    responses,
    /** From now on, problems whose text matches `pattern` are expected and not recorded. */
    allow(pattern) {
      allowed.push(pattern);
    },
    async close() {
      await context.close();
    },
  };
}

/** Fails listing every console error, uncaught exception and failed request of the page. */
export function assertNoProblems(tracked) {
  const list = tracked.problems.map((p) => `  ${p.kind} on ${p.at}: ${p.text}`).join('\n');
  assert.equal(tracked.problems.length, 0, `the page had problems:\n${list}`);
}

/**
 * Goes to `pathAndQuery` and waits until it and what it loads are there; fails unless the
 * document's status is 2xx, naming the status and the start of the body.
 */
export async function visit(page, pathAndQuery) {
  const response = await page.goto(url(pathAndQuery), { waitUntil: 'load' });
  assert.ok(response, `no response for ${pathAndQuery}`);
  if (!response.ok()) {
    const body = (await response.text().catch(() => '')).slice(0, 500);
    assert.fail(`GET ${pathAndQuery} answered ${response.status()}: ${body}`);
  }
  await page.waitForLoadState('networkidle').catch(() => {});
  return response;
}

// axe-core, as the file of the pinned package. The pages' Content-Security-Policy allows only
// scripts from their own origin (script-src 'self'), so `addScriptTag({ path })`, which inlines
// the file, would be refused; the same file is served instead at a path on the page's origin
// that never reaches the server (the browser context answers it), and added by URL.
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_URL_PATH = '/__browser-tests__/axe.min.js';
const IMPACTS_THAT_FAIL = new Set(['serious', 'critical']);

/**
 * Runs axe-core on the page as it is now; fails listing every violation of impact serious or
 * critical: its rule, what it asks for, and the elements (CSS selectors) it found.
 */
export async function checkAccessibility(page) {
  const context = page.context();
  if (!context.__axeRouted) {
    await context.route(`**${AXE_URL_PATH}`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/javascript; charset=utf-8',
        body: readFileSync(AXE_PATH, 'utf8'),
      }),
    );
    context.__axeRouted = true;
  }
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ url: new URL(AXE_URL_PATH, page.url()).href });
  const results = await page.evaluate(() => window.axe.run());
  const failing = results.violations.filter((v) => IMPACTS_THAT_FAIL.has(v.impact));
  const report = failing
    .map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `      ${n.target.map(String).join(' >> ')}`).join('\n'),
    )
    .join('\n');
  assert.equal(
    failing.length,
    0,
    `axe-core found ${failing.length} serious or critical violation(s) on ${page.url()}:\n${report}`,
  );
  return results;
}

/** Saves a full-page screenshot as <SCREENSHOT_DIR>/<name>.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * One request to the JSON API: `body` (if any) is sent as JSON, `token` (if any) as a bearer
 * token. Answers `{ status, ok, body, text }`, `body` parsed when the answer is JSON.
 */
export async function api(method, pathAndQuery, body, token) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(url(pathAndQuery), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed = text;
  if (/json/.test(response.headers.get('content-type') || '') && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // left as text
    }
  }
  return { status: response.status, ok: response.ok, body: parsed, text };
}

/** Fails unless `answer` (from `api`) is 2xx, with the request and the whole answer. */
export function expectOk(answer, what) {
  if (!answer.ok) {
    throw new Error(`${what} answered ${answer.status}: ${answer.text}`);
  }
  return answer.body;
}

/**
 * Opens an account with the administrator's key and sets its password, failing loudly (with
 * the server's answer) if either is refused. `kind` is enterprise (with `enterprise`, a credit
 * code, and `rights`), regulator (with `jurisdiction`: national or a GB/T 2260 code) …
 * Returns the account as the server shows it.
 */
export async function makeAccount({ id, kind, enterprise, rights, jurisdiction, password }) {
  const request = { id, kind };
  if (enterprise !== undefined) request.enterprise = enterprise;
  if (rights !== undefined) request.rights = rights;
  if (jurisdiction !== undefined) request.jurisdiction = jurisdiction;
  const account = expectOk(
    await api('POST', '/api/v1/accounts', request, ADMIN_TOKEN),
    `POST /api/v1/accounts ${JSON.stringify(request)}`,
  );
  expectOk(
    await api('POST', `/api/v1/accounts/${encodeURIComponent(id)}/password`, { password }, ADMIN_TOKEN),
    `POST /api/v1/accounts/${id}/password`,
  );
  return account;
}

/** An account id no earlier run against the same server has used. */
export function freshId(prefix) {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** Fails unless the resolver calls `code` registered: the demo data is what the tests expect. */
export async function expectRegistered(code) {
  const answer = await api('GET', `/api/v1/resolve?code=${encodeURIComponent(code)}`);
  const verdict = answer.body && answer.body.verdict;
  assert.equal(
    verdict,
    'registered',
    `demo code ${code} is not registered (resolve answered ${answer.status}: ${answer.text.slice(0, 300)}); ` +
      'has crates/domain/src/demo.rs changed? update tests/browser/demo.mjs',
  );
}

/** The login page's contract. */
export const LOGIN = {
  form: 'form#login',
  account: 'input[name=account]',
  password: 'input[name=password]',
  submit: 'button[type=submit]',
};

/**
 * Logs in through /login with the login form (`LOGIN`) and answers the path it lands on;
 * fails with the form's message if the login is refused.
 */
export async function logIn(page, account, password) {
  await visit(page, '/login');
  const form = page.locator(LOGIN.form);
  await form.locator(LOGIN.account).fill(account);
  await form.locator(LOGIN.password).fill(password);
  const left = page.waitForURL((u) => new URL(u).pathname !== '/login');
  const refused = form.locator('[data-outcome="error"]').waitFor();
  left.catch(() => {});
  refused.catch(() => {});
  await form.locator(LOGIN.submit).click();
  await Promise.race([left, refused]);
  if (new URL(page.url()).pathname === '/login') {
    const message = await textOf(form.locator('[data-outcome="error"]')).catch(() => '?');
    assert.fail(`logging in as ${account} was refused: ${message}`);
  }
  await page.waitForLoadState('load');
  return new URL(page.url()).pathname;
}

/** The text of an element, whitespace collapsed. */
export async function textOf(locator) {
  return ((await locator.textContent()) || '').replace(/\s+/g, ' ').trim();
}
