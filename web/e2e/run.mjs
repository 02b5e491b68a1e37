// End-to-end tests of the web UI: the real `bahnvision serve` (serving the built UI) fed by
// `mvg-sim`, driven through Debian's headless Chromium with playwright-core (no browser
// download). Screenshots of every page at phone (390 px) and desktop (1280 px) width go to
// web/e2e/screenshots/ (or BV_SCREENSHOTS).
//
// Environment (ctest sets them; the defaults fit `make test`'s debug build):
//   BV_SERVICE_BINARY  build/debug/bahnvision        BV_SIM_BINARY  build/debug/tools/mvg-sim/mvg-sim
//   BV_WEB_ROOT        web/dist (the built UI)        CHROMIUM       /usr/bin/chromium
//   BV_SCREENSHOTS     web/e2e/screenshots
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { assert, httpRequest, startListening, Suite } from './harness.mjs';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(webDir, '..');
const env = process.env;
const serviceBinary = env.BV_SERVICE_BINARY ?? join(repo, 'build/debug/bahnvision');
const simBinary = env.BV_SIM_BINARY ?? join(repo, 'build/debug/tools/mvg-sim/mvg-sim');
const webRoot = env.BV_WEB_ROOT ?? join(webDir, 'dist');
const chromiumPath = env.CHROMIUM ?? '/usr/bin/chromium';
const shots = env.BV_SCREENSHOTS ?? join(webDir, 'e2e/screenshots');

for (const [what, path] of [['service', serviceBinary], ['mvg-sim', simBinary], ['built UI', join(webRoot, 'index.html')], ['chromium', chromiumPath]]) {
  if (!existsSync(path)) {
    console.error(`web e2e: ${what} not found at ${path}`);
    process.exit(1);
  }
}
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });

const kPhone = { width: 390, height: 844 };
const kDesktop = { width: 1280, height: 800 };
const kMarienplatz = 'de:09162:2';

const sim = await startListening('mvg-sim', [simBinary, '--host', '127.0.0.1', '--port', '0', '--seed', '1']);
const simUrl = `http://127.0.0.1:${sim.port}`;
const service = await startListening('bahnvision', [serviceBinary, 'serve'], {
  HOST: '127.0.0.1',
  PORT: '0',
  MVG_BASE_URL: `${simUrl}/api/bgw-pt/v3`,
  WEB_ROOT: webRoot,
  LOG_FORMAT: 'text',
  ACCESS_LOG: 'false',
  SHUTDOWN_DRAIN_DELAY_SECONDS: '0',
  // Short fresh times, so the board's own refresh (which follows max-age) sees an MVG outage
  // within seconds; the stale window stays long.
  MVG_DEPARTURES_CACHE_TTL_SECONDS: '2',
  MVG_DEPARTURES_CACHE_STALE_TTL_SECONDS: '600',
  MVG_TIMEOUT_SECONDS: '2',
});
const base = `http://127.0.0.1:${service.port}`;

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions'],
});

const pageErrors = [];
async function openPage(viewport, { colorScheme = 'light', locale = 'en-GB' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, locale, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return page;
}

// The page must not be wider than the viewport (no horizontal scrolling on a phone).
async function assertNoOverflow(page, what) {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  assert(scroll <= inner, `${what}: page is ${scroll}px wide in a ${inner}px viewport`);
}

async function shoot(page, name) {
  await assertNoOverflow(page, name);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function boardRows(page) {
  await page.getByTestId('departure').first().waitFor();
  return page.getByTestId('departure').count();
}

const suite = new Suite();
let phone;

suite.test('the service serves the UI at / with SPA fallback and caching headers', async () => {
  const index = await httpRequest('GET', `${base}/`);
  assert(index.status === 200 && index.body.includes('<div id="root">'), `GET / -> ${index.status}`);
  assert(index.headers.get('cache-control') === 'no-cache', `index.html Cache-Control ${index.headers.get('cache-control')}`);
  const deep = await httpRequest('GET', `${base}/departures/${encodeURIComponent(kMarienplatz)}`);
  assert(deep.status === 200 && deep.body === index.body, 'a client-side route answers index.html');
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.body)?.[1];
  assert(asset, 'index.html names a hashed script');
  const js = await httpRequest('GET', `${base}${asset}`);
  assert(js.status === 200 && /immutable/.test(js.headers.get('cache-control') ?? ''), 'hashed assets are immutable');
}, { required: true });

suite.test('search: type-ahead finds Marienplatz, keyboard picks it, board shows departures (390 px)', async () => {
  phone = await openPage(kPhone);
  await phone.goto(`${base}/`);
  const input = phone.getByRole('combobox', { name: 'Station' });
  await input.fill('Marienpl');
  const option = phone.getByRole('option', { name: /Marienplatz/ }).first();
  await option.waitFor();
  await shoot(phone, 'search-390');
  await input.press('ArrowDown');
  await input.press('Enter');
  await phone.waitForURL(/\/departures\/de(%3A|:)09162(%3A|:)2$/);
  const rows = await boardRows(phone);
  assert(rows >= 5, `at least 5 departures, got ${rows}`);
  const heading = await phone.getByRole('heading', { level: 1 }).textContent();
  assert(heading === 'Marienplatz', `heading is ${heading}`);
  const badges = await phone.locator('.departure .line-badge').allTextContents();
  assert(badges.some((b) => /^[US]\d+$/.test(b)), `U-Bahn or S-Bahn lines on the board: ${badges.join(' ')}`);
  const clocks = await phone.locator('.departure .clock time').first().textContent();
  assert(/^\d\d:\d\d$/.test(clocks ?? ''), `a clock time, got ${clocks}`);
  // MVG's occupancy forecast and how old the data is (mvg-sim sends occupancy by line and hour).
  const meters = await phone.getByTestId('occupancy').count();
  assert(meters > 0, 'occupancy shown for some departures');
  const age = await phone.getByTestId('data-age').textContent();
  assert(/^data \d+ (s|min) old$/.test(age ?? ''), `data age, got ${age}`);
  await shoot(phone, 'board-390');
}, { required: true });

suite.test('recent searches are remembered on the search page', async () => {
  await phone.getByRole('link', { name: 'Stations' }).click();
  const recent = phone.getByRole('region', { name: 'Recent stations' });
  await recent.getByRole('link', { name: /Marienplatz/ }).waitFor();
  await shoot(phone, 'search-recent-390');
  await recent.getByRole('link', { name: /Marienplatz/ }).click();
  await boardRows(phone);
});

suite.test('the transport-type filter asks the API for U-Bahn only', async () => {
  await phone.getByRole('button', { name: 'U-Bahn', exact: true }).click();
  await phone.waitForURL(/types=UBAHN/);
  await phone.waitForFunction(() => {
    const badges = [...document.querySelectorAll('.departure .line-badge')];
    return badges.length > 0 && badges.every((b) => b.getAttribute('data-transport') === 'UBAHN');
  });
  await phone.getByRole('button', { name: 'All' }).click();
  await phone.waitForFunction(() => !location.search.includes('types'));
});

suite.test('keyboard: the first Tab reaches the skip link; German UI strings, MVG place names unchanged', async () => {
  await phone.reload();
  await boardRows(phone);
  await phone.keyboard.press('Tab');
  const first = await phone.evaluate(() => document.activeElement?.textContent);
  assert(first === 'Skip to content', `first focus: ${first}`);
  await phone.getByRole('combobox', { name: 'Language' }).selectOption('de');
  await phone.getByRole('button', { name: 'Alle' }).waitFor();
  const eyebrow = await phone.locator('.eyebrow').textContent();
  assert(eyebrow === 'Abfahrten', `German heading: ${eyebrow}`);
  const heading = await phone.getByRole('heading', { level: 1 }).textContent();
  assert(heading === 'Marienplatz', `station name as MVG sends it: ${heading}`);
  await shoot(phone, 'board-de-390');
  await phone.getByRole('combobox', { name: 'Sprache' }).selectOption('en');
  await phone.getByRole('button', { name: 'All' }).waitFor();
});

suite.test('board at 1280 px from a deep link, and in the dark theme at 390 px', async () => {
  const desk = await openPage(kDesktop);
  await desk.goto(`${base}/departures/${encodeURIComponent(kMarienplatz)}`);
  await boardRows(desk);
  await shoot(desk, 'board-1280');
  await desk.context().close();
  const dark = await openPage(kPhone, { colorScheme: 'dark' });
  await dark.goto(`${base}/departures/${encodeURIComponent(kMarienplatz)}`);
  await boardRows(dark);
  const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert(bg === 'rgb(15, 19, 25)', `dark background, got ${bg}`);
  await shoot(dark, 'board-dark-390');
  await dark.context().close();
});

async function planJourney(page, fromText, toText, name) {
  if (fromText) {
    const from = page.getByRole('combobox', { name: 'From' });
    await from.fill(fromText);
    await page.getByRole('listbox', { name: 'From' }).getByRole('option').first().waitFor();
    await from.press('Enter');
  }
  const to = page.getByRole('combobox', { name: 'To' });
  await to.fill(toText);
  await page.getByRole('listbox', { name: 'To' }).getByRole('option', { name: /Garching/ }).first().waitFor();
  await to.press('Enter');
  await page.getByRole('button', { name: 'Find connections' }).click();
  await page.getByTestId('itinerary').first().waitFor({ timeout: 20_000 });
  const n = await page.getByTestId('itinerary').count();
  assert(n >= 1, `itineraries: ${n}`);
  const head = await page.getByTestId('itinerary').first().locator('.itinerary-times').textContent();
  assert(/\d\d:\d\d.*→.*\d\d:\d\d/.test(head ?? ''), `itinerary times: ${head}`);
  await page.getByTestId('itinerary').first().locator('summary').click();
  const legs = await page.getByTestId('itinerary').first().locator('.leg').count();
  assert(legs >= 1, `legs: ${legs}`);
  const meta = await page.getByTestId('itinerary').first().locator('.itinerary-meta').textContent();
  assert(/min|h/.test(meta ?? '') && /transfer|direct/.test(meta ?? ''), `duration and transfers: ${meta}`);
  await shoot(page, name);
}

suite.test('planner: from the board to Garching, itineraries with legs, transfers and durations (390 px)', async () => {
  await phone.getByRole('link', { name: 'Plan a journey from here' }).click();
  await phone.waitForURL(/\/plan\?from=/);
  const from = await phone.getByRole('combobox', { name: 'From' }).inputValue();
  assert(from.startsWith('Marienplatz'), `origin prefilled: ${from}`);
  await planJourney(phone, null, 'Garching, Forsch', 'planner-390');
});

suite.test('planner at 1280 px, arrive-by', async () => {
  const desk = await openPage(kDesktop);
  await desk.goto(`${base}/plan`);
  await desk.getByRole('radio', { name: 'Arrive by' }).check();
  await planJourney(desk, 'Hauptbahnhof', 'Garching, Forsch', 'planner-1280');
  assert(/mode=arrive/.test(desk.url()), `URL keeps the mode: ${desk.url()}`);
  await desk.context().close();
});

suite.test('operations page shows cache hit ratio, MVG latency, breakers and routes (390 and 1280 px)', async () => {
  for (const [vp, name] of [[kPhone, 'ops-390'], [kDesktop, 'ops-1280']]) {
    const page = await openPage(vp);
    await page.goto(`${base}/ops`);
    await page.getByTestId('hit-ratio').waitFor();
    const ratio = await page.getByTestId('hit-ratio').textContent();
    assert(/^\d+ %$/.test(ratio ?? ''), `hit ratio after the board and planner: ${ratio}`);
    const routes = await page.locator('table.data tbody tr').count();
    assert(routes >= 2, `request routes listed: ${routes}`);
    await shoot(page, name);
    await page.context().close();
  }
});

suite.test('station history: shown when the server has it, else hidden from the board with a note on its page', async () => {
  const stats = await httpRequest('GET', `${base}/api/v1/mvg/stations/${encodeURIComponent(kMarienplatz)}/stats?hours=24`);
  for (const [vp, name] of [[kPhone, 'history-390'], [kDesktop, 'history-1280']]) {
    const page = await openPage(vp);
    await page.goto(`${base}/history/${encodeURIComponent(kMarienplatz)}`);
    if (stats.status === 200) {
      await page.locator('.figures').first().waitFor();
    } else {
      await page.getByTestId('history-unavailable').waitFor();
      await page.goto(`${base}/departures/${encodeURIComponent(kMarienplatz)}`);
      await boardRows(page);
      await page.waitForTimeout(300);
      assert(await page.getByTestId('history-summary').count() === 0, 'no history section on the board');
      await page.goto(`${base}/history/${encodeURIComponent(kMarienplatz)}`);
      await page.getByTestId('history-unavailable').waitFor();
    }
    await shoot(page, name);
    await page.context().close();
  }
});

suite.test('stale banner when mvg-sim is put into outage; the board stays', async () => {
  await phone.goto(`${base}/departures/${encodeURIComponent(kMarienplatz)}`);
  const before = await boardRows(phone);
  assert(await phone.getByTestId('stale-banner').count() === 0, 'no stale banner while MVG answers');
  const set = await httpRequest('POST', `${simUrl}/__sim/faults?outage=1`);
  assert(set.status === 200, `set outage: ${set.status}`);
  await phone.getByTestId('stale-banner').waitFor({ timeout: 45_000 });
  const text = await phone.getByTestId('stale-banner').textContent();
  assert(/delayed/.test(text ?? ''), `banner text: ${text}`);
  const after = await phone.getByTestId('departure').count();
  assert(after === before, `board kept: ${before} rows before, ${after} during the outage`);
  await shoot(phone, 'board-stale-390');
  const desk = await openPage(kDesktop);
  await desk.goto(`${base}/departures/${encodeURIComponent(kMarienplatz)}`);
  await desk.getByTestId('stale-banner').waitFor({ timeout: 45_000 });
  await shoot(desk, 'board-stale-1280');
  await desk.context().close();
  await httpRequest('DELETE', `${simUrl}/__sim/faults`);
  await phone.getByTestId('stale-banner').waitFor({ state: 'detached', timeout: 45_000 });
});

suite.test('error state when the service is stopped; the last board stays', async () => {
  const desk = await openPage(kDesktop);
  await desk.goto(`${base}/departures/${encodeURIComponent(kMarienplatz)}`);
  const before = await boardRows(desk);
  await boardRows(phone);
  const code = await service.stop('SIGTERM');
  assert(code === 0, `service exit status ${code}`);
  for (const [page, name] of [[phone, 'board-offline-390'], [desk, 'board-offline-1280']]) {
    await page.getByTestId('offline-banner').waitFor({ timeout: 45_000 });
    const text = await page.getByTestId('offline-banner').textContent();
    assert(/cannot be reached/.test(text ?? '') && /last board/.test(text ?? ''), `banner: ${text}`);
    assert(await page.getByTestId('departure').count() > 0, 'rows kept');
    await shoot(page, name);
  }
  assert(await desk.getByTestId('departure').count() === before, 'the desktop board kept every row');
  await desk.context().close();
});

suite.test('no uncaught errors in any page', async () => {
  assert(pageErrors.length === 0, pageErrors.join('\n'));
});

let ok = false;
try {
  ok = await suite.run();
} finally {
  await browser.close();
  await service.stop();
  await sim.stop();
}
if (!ok) {
  console.log(`screenshots: ${shots}`);
  console.log('--- bahnvision output (tail) ---\n' + service.output().slice(-4000));
}
process.exit(ok ? 0 : 1);
