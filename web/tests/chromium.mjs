// How the end-to-end test and the measuring scripts start Debian's Chromium (Playwright's own
// browser downloads cannot work here). CHROMIUM=/path overrides /usr/bin/chromium.
export const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
