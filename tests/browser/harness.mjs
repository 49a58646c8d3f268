// Starts what the browser test and benchmark need: the fake 7shifts API, a fresh data dir with an admin, the
// dashboard (eatos-host serve) on loopback, and Debian's Chromium with a fresh profile. stop() ends all of it.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

export const adminPassword = "demo-admin-password";

/// Starts a long-running program and resolves once `ready(stdout so far)` returns a value.
function startServer(program, args, env, ready) {
  const child = spawn(program, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${program} did not start: ${out} ${err}`)), 15000);
    child.stderr.on("data", (chunk) => { err += chunk; });
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const value = ready(out);
      if (value) {
        clearTimeout(timer);
        resolve({ child, value });
      }
    });
    child.on("exit", (code) => reject(new Error(`${program} exited ${code}: ${err}`)));
  });
}

export async function startDashboard({ host = process.env.EATOS_HOST, fake = process.env.FAKE_7SHIFTS,
  browserPath = process.env.CHROMIUM ?? "/usr/bin/chromium" } = {}) {
  if (!host || !fake) throw new Error("EATOS_HOST and FAKE_7SHIFTS must be set");
  const dataDir = mkdtempSync(path.join(tmpdir(), "eatos-browser-"));
  const profile = mkdtempSync(path.join(tmpdir(), "eatos-chromium-"));
  const children = [];
  let browser;
  const stop = async () => {
    if (browser) await browser.close();
    for (const child of children) child.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const fakeServer = await startServer(fake, ["--port", "0"], {}, (out) => {
      const fields = Object.fromEntries(out.split("\n").filter(Boolean).map((line) => line.split(" ")));
      return fields["token-revoked"] ? fields : null;
    });
    children.push(fakeServer.child);
    const env = { EATOS_DATA_DIR: dataDir, SEVENSHIFTS_API_URL: fakeServer.value.url };
    const added = spawnSync(host, ["users", "add", "admin", "--role", "admin", "--password-stdin"],
      { env: { ...process.env, ...env }, input: `${adminPassword}\n` });
    if (added.status !== 0) throw new Error(`users add failed: ${added.stderr}`);
    // Two days of demo sales at one store, for the sales steps (about 40 orders: a few seconds at 10 requests/s).
    const seeded = spawnSync(host, ["pos", "seed", "--days", "2", "--orders-per-day", "20", "--stores", "1"],
      { env: { ...process.env, ...env } });
    if (seeded.status !== 0) throw new Error(`pos seed failed: ${seeded.stderr}`);
    const dashboard = await startServer(host, ["serve", "--listen", "127.0.0.1:0"], env,
      (out) => out.match(/http:\/\/127\.0\.0\.1:\d+\//)?.[0]);
    children.push(dashboard.child);
    // A fresh profile (user data dir) every time; no background traffic leaves the machine.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: browserPath,
      headless: true,
      viewport: { width: 1280, height: 860 },
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"],
    });
    return { url: dashboard.value, tokens: { acme: fakeServer.value["token-acme"],
      bistro: fakeServer.value["token-bistro"] }, browser, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function signIn(page, url) {
  await page.goto(url);
  await page.getByLabel("User name").fill("admin");
  await page.getByLabel("Password").fill(adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Integrations" }).waitFor();
}
