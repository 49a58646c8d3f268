// The dashboard in a real browser: Debian's Chromium driven by playwright-core. An admin signs in, opens
// Integrations → 7Shift, installs it with a wrong token (refused inline), then the right one (connected, with the
// fake's company and locations), tries another company's token under More Options (refused), and removes it.
// Screenshots of each step go to $SCREENSHOT_DIR.
//
// Needs: EATOS_HOST (the eatos-host binary) and FAKE_7SHIFTS (the fake-7shifts binary); run by ctest.
import assert from "node:assert/strict";
import { test } from "node:test";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { signIn, startDashboard } from "./harness.mjs";

const screenshots = process.env.SCREENSHOT_DIR ?? path.join(tmpdir(), "eatos-screenshots");

test("an admin installs, refuses, updates and removes 7Shift in the browser", async (t) => {
  mkdirSync(screenshots, { recursive: true });
  const { url, tokens, browser, stop } = await startDashboard();
  t.after(stop);
  const { acme: acmeToken, bistro: bistroToken } = tokens;
  const page = browser.pages()[0] ?? await browser.newPage();
  const problems = [];
  // Refusals (422, 409) are expected answers; Chromium logs any non-2xx fetch as a failed load.
  page.on("console", (message) => {
    const expected = /Failed to load resource: the server responded with a status of (409|422)/;
    if (message.type() === "error" && !expected.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(String(error)));
  const shot = (name) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });

  await signIn(page, url);
  const card = page.locator('[data-integration="7shifts"]');
  await assert.doesNotReject(card.getByText("Not installed").waitFor());
  await shot("01-integrations");

  // Integrations → 7Shift → Install App.
  await card.click();
  await page.getByRole("heading", { name: "7Shift" }).waitFor();
  await shot("02-7shift");
  await page.getByRole("button", { name: "Install App" }).click();
  const tokenInput = page.getByLabel("Access token");
  assert.equal(await tokenInput.getAttribute("type"), "password");
  assert.equal(await tokenInput.inputValue(), "");

  // A wrong token: refused next to the form, still not installed.
  await tokenInput.fill("acme-token-with-a-typo");
  await page.getByRole("button", { name: "Connect" }).click();
  await page.locator("#action-error").getByText("7shifts rejected the access token").waitFor();
  assert.equal(await page.locator(".detail-head .badge").textContent(), "Not installed");
  await shot("03-wrong-token");

  // The right token: connected, with the fake's company and locations.
  await tokenInput.fill(acmeToken);
  await page.getByRole("button", { name: "Connect" }).click();
  await page.getByText("Connected to 7shifts company 'Acme Diner' (3 locations)").first().waitFor();
  assert.equal(await page.locator(".detail-head .badge").textContent(), "Connected");
  const facts = await page.locator("#facts").textContent();
  assert.match(facts, /Acme Diner/);
  assert.match(facts, /Acme Downtown/);
  assert.match(facts, new RegExp(`configured ••••${acmeToken.slice(-4)}`));
  await shot("04-connected");

  // More Options → Map location: the store's sales go to the 7shifts location of the same name.
  await page.getByRole("button", { name: "More Options" }).click();
  await page.getByRole("menuitem", { name: "Map location", exact: true }).click();
  await page.getByLabel("eatOS store").fill("downtown");
  await page.getByRole("button", { name: "Map", exact: true }).click();
  await page.getByText(/now sends its sales to 7shifts location 'Acme Downtown'/).waitFor();
  assert.match(await page.locator("#facts").textContent(), /Acme Downtown → Acme Downtown/);
  await shot("05-store-mapped");

  // More Options → Sync now: everything queued is sent, and the status says so.
  await page.getByRole("button", { name: "More Options" }).click();
  await page.getByRole("menuitem", { name: "Sync now" }).click();
  await page.getByRole("button", { name: "Sync now" }).click();
  await page.getByText(/Everything is up to date/).waitFor({ timeout: 60000 });
  assert.match(await page.locator("#facts").textContent(), /0 queued · \d+ sent/);
  await shot("06-synced");

  // More Options → Update token with another company's token: refused.
  await page.getByRole("button", { name: "More Options" }).click();
  await page.getByRole("menuitem", { name: "Update token" }).click();
  await page.getByLabel("Access token").fill(bistroToken);
  await page.getByRole("button", { name: "Update token" }).click();
  await page.locator("#action-error").getByText("Bistro Verde").waitFor();
  await shot("07-other-company-refused");

  // More Options → Remove, confirmed: not installed again.
  await page.getByRole("button", { name: "More Options" }).click();
  await page.getByRole("menuitem", { name: "Remove" }).click();
  await page.getByRole("button", { name: "Yes, remove" }).click();
  await page.locator(".detail-head .badge").getByText("Not installed").waitFor();
  await shot("08-removed");

  const html = await page.content();
  assert.ok(!html.includes(acmeToken) && !html.includes(bistroToken), "a token is in the page");
  assert.deepEqual(problems, [], "the page logged errors");
});
