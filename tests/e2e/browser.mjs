// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core,
// with every request recorded so a test can prove the app never leaves its origin.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** The built-in demo register, as the app serves it: tests count from it, not from memory. */
export const DEMO = JSON.parse(readFileSync(new URL('../../public/examples/demo-register.json', import.meta.url), 'utf8'));

export const BASE_URL = process.env.RESIDUAL_URL ?? 'http://127.0.0.1:8080/';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A fresh page that records console errors, page errors and every request's URL. */
export async function openPage(browser, { width = 1280, height = 800 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const record = { consoleErrors: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') record.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => record.consoleErrors.push(String(error)));
  page.on('request', (request) => record.requests.push(request.url()));
  return { context, page, record };
}

/** Requests that went anywhere but the app's own origin (data: and blob: URLs stay local). */
export function foreignRequests(record) {
  const origin = new URL(BASE_URL).origin;
  return record.requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
}
