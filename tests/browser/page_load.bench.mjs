// How fast the Integrations page appears in headless Chromium against the local host: time to first byte, full
// load, and time until the integration cards are on screen, over many loads. Baseline in the same run: the
// sign-in page, which needs no API call.
//
//   EATOS_HOST=… FAKE_7SHIFTS=… node page_load.bench.mjs [LOADS]      (scripts/bench runs it)
import { signIn, startDashboard } from "./harness.mjs";

const loads = Number(process.argv[2] ?? 30);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const { url, browser, stop } = await startDashboard();
try {
  const page = browser.pages()[0] ?? await browser.newPage();
  await signIn(page, url);

  async function measure(target, ready) {
    const started = performance.now();
    await target.goto(url, { waitUntil: "load" });
    await ready(target);
    const visible = performance.now() - started;
    const timing = await target.evaluate(() => {
      const [navigation] = performance.getEntriesByType("navigation");
      return { ttfb: navigation.responseStart - navigation.requestStart, load: navigation.loadEventEnd };
    });
    return { ...timing, visible };
  }

  const integrations = [];
  for (let i = 0; i < loads + 3; ++i) {
    const sample = await measure(page, (p) => p.locator('[data-integration="7shifts"]').waitFor());
    if (i >= 3) integrations.push(sample);
  }
  // The baseline: the same document for a signed-out visitor, who gets the sign-in form (no API call).
  const signedOut = await browser.newPage();
  await signedOut.context().clearCookies();
  const baseline = [];
  for (let i = 0; i < loads + 3; ++i) {
    await signedOut.context().clearCookies();
    const sample = await measure(signedOut, (p) => p.getByRole("button", { name: "Sign in" }).waitFor());
    if (i >= 3) baseline.push(sample);
  }

  const row = (name, samples) => {
    const ttfb = median(samples.map((s) => s.ttfb));
    const load = median(samples.map((s) => s.load));
    const visible = median(samples.map((s) => s.visible));
    console.log(`  ${name.padEnd(34)} ttfb ${ttfb.toFixed(2)} ms  load ${load.toFixed(2)} ms  ` +
      `ready ${visible.toFixed(2)} ms`);
    return visible;
  };
  console.log(`Integrations page in headless Chromium, ${loads} loads each (medians)`);
  const base = row("sign-in page (baseline)", baseline);
  const shown = row("Integrations page, signed in", integrations);
  console.log(`  the Integrations page is ready in ${(shown / base).toFixed(2)}x the baseline's time`);
} finally {
  await stop();
}
