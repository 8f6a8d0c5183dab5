// Drives Decap CMS in headless Chromium for tests/testsuite/cms_e2e.rs:
// logs in through the local proxy backend, creates an article (title,
// date, description, tags, cover image with alt text, body), an event
// with a monthly repeat rule and a FAQ answer through the forms, and
// publishes them.
// Usage: node drive.mjs CHROMIUM ADMIN_URL IMAGE SCREENSHOT_DIR
import puppeteer from 'puppeteer-core';

const [chromium, adminUrl, image, shots] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--lang=de-DE'],
});
const errors = [];
const page = await browser.newPage();
try {
  // Generous: CI runs this beside the rest of the test suite on two cores.
  page.setDefaultTimeout(60000);
  await page.setViewport({ width: 1280, height: 900 });
  page.on('pageerror', (e) => errors.push(String(e?.message ?? e)));

  await page.goto(adminUrl, { waitUntil: 'load' });
  await (await page.waitForSelector('::-p-xpath(//button[normalize-space()="Login"])')).click();
  await page.waitForSelector('::-p-xpath(//a[contains(@href, "#/collections/articles")])');
  await page.screenshot({ path: `${shots}/cms-collections.png` });

  // The control of the field labelled `label` (Decap links them by id).
  const control = async (label) => {
    const l = await page.waitForSelector(`::-p-xpath(//label[starts-with(normalize-space(), "${label}")])`);
    const id = await l.evaluate((el) => el.htmlFor);
    return page.waitForSelector(`[id="${id}"]`);
  };
  // Sets an input's value the way React notices.
  const setValue = async (label, value) => {
    const el = await control(label);
    await el.evaluate((input, v) => {
      const proto = Object.getPrototypeOf(input);
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(input, v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
  };
  const type = async (label, text) => {
    const el = await control(label);
    await el.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await el.click();
    await el.focus();
    await page.keyboard.type(text);
  };
  const body = async (text) => {
    const editor = await page.waitForSelector('[data-slate-editor="true"]');
    await editor.evaluate((el) => el.scrollIntoView());
    await editor.click();
    await editor.focus();
    await sleep(300);
    await page.keyboard.type(text);
  };
  // A react-select: open it, type, take the first match.
  const choose = async (label, text) => {
    const el = await control(label);
    await el.click();
    await page.keyboard.type(text);
    await sleep(300);
    await page.keyboard.press('Enter');
  };
  // Opens a collapsed group: the first button of its control.
  const expand = async (label) => {
    const group = await control(label);
    await group.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await (await group.$('button')).click();
    await sleep(300);
  };
  const publish = async () => {
    await (await page.waitForSelector('::-p-xpath(//*[normalize-space()="Veröffentlichen"][self::span or self::button])')).click();
    await (await page.waitForSelector('::-p-xpath(//*[normalize-space()="Jetzt veröffentlichen"])')).click();
    // A new entry's address changes from …/new to the entry's once saved.
    await page.waitForFunction(() => !location.hash.endsWith('/new'), { timeout: 60000 });
    await sleep(1500);
  };

  // The article.
  await page.goto(`${adminUrl}#/collections/articles/new`, { waitUntil: 'load' });
  await type('Titel', 'Neue Fahrradständer im Hof');
  await setValue('Datum', '2026-11-20T10:00');
  await type('Kurzbeschreibung', 'Zwanzig neue Plätze für Räder am Haus 3.');
  await (await page.waitForSelector('::-p-xpath(//button[normalize-space()="Wähle ein Bild"])')).click();
  const upload = await page.waitForSelector('input[type="file"]');
  await upload.uploadFile(image);
  await (await page.waitForSelector('::-p-xpath(//button[normalize-space()="Ausgewähltes Element verwenden"])')).click();
  await page.waitForSelector('::-p-xpath(//button[normalize-space()="Wähle ein anderes Bild"])');
  await sleep(500);
  await type('Bildbeschreibung', 'Neue Fahrradständer vor Haus 3');
  for (const tag of ['Hof', 'Fahrrad']) {
    await (await page.waitForSelector('::-p-xpath(//button[normalize-space()="schlagwörter hinzufügen"])')).click();
    const inputs = await page.$$('[id^="tag-field-"]');
    await inputs[inputs.length - 1].type(tag);
  }
  await body('Seit Montag stehen zwanzig neue Fahrradständer im Hof.');
  await page.screenshot({ path: `${shots}/cms-article.png` });
  await publish();

  // The event, repeating on the second Tuesday of each month.
  await page.goto(`${adminUrl}#/collections/events/new`, { waitUntil: 'load' });
  await type('Titel', 'Mietercafé');
  await setValue('Beginn', '2026-12-08T15:00');
  await setValue('Ende', '2026-12-08T17:00');
  await expand('Ort');
  await type('Name des Orts', 'Gemeinschaftsraum Haus 3');
  await body('Kaffee, Kuchen und Nachbarn.');
  await expand('Wiederholung');
  await choose('Rhythmus', 'monatlich');
  await choose('Wochentag', '2. Dienstag');
  await (await control('Wiederholung')).evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${shots}/cms-event.png` });
  await publish();

  // A FAQ answer in the category folder `haus`.
  await page.goto(`${adminUrl}#/collections/faq-haus/new`, { waitUntil: 'load' });
  await type('Frage', 'Wo steht der Fahrradkeller?');
  await type('Reihenfolge', '2');
  await body('Im Untergeschoss von Haus 3, Zugang über den Hof.');
  await publish();
} catch (e) {
  // What the page showed, for whoever reads the failure.
  await page.screenshot({ path: `${shots}/failure.png`, fullPage: true }).catch(() => {});
  const buttons = await page.$$eval('button', (bs) => bs.map((b) => b.textContent)).catch(() => []);
  console.error('buttons on the page:', JSON.stringify(buttons));
  throw e;
} finally {
  await browser.close();
}
if (errors.length) {
  console.error(errors.join('\n'));
  process.exit(1);
}
