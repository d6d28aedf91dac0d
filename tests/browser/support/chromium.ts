// A real Chromium for the browser tests: the one inside the npm package @sparticuz/chromium
// (so `npm install && npm test` needs nothing else), or CHROMIUM_PATH (e.g. Debian's
// /usr/bin/chromium). Launched with --no-sandbox only: the package's default args turn off web
// security (--disable-web-security) and would hide origin and CORS bugs.
import sparticuz from '@sparticuz/chromium';
import { type Browser, chromium } from 'playwright-core';

export async function launchChromium(): Promise<Browser> {
  // Tests may run as root in containers, where Chromium's sandbox cannot start.
  const executablePath = process.env.CHROMIUM_PATH ?? (await sparticuz.executablePath());
  return chromium.launch({ executablePath, args: ['--no-sandbox'], headless: true });
}
