// The accessibility audit every page signpost shows people must pass: axe-core (WCAG 2.1 A/AA
// and best practices) in headless Debian Chromium, driven by puppeteer-core.
//
// Usage: node tests/browser/audit.mjs [--width PX] PAGE...
//   PAGE is a file path or an http(s):// URL. Prints each violation (rule, impact, help, the
//   elements) and exits 1 if there is any, 0 when every page is clean, 2 when it could not run.
// As a library: import { launch, audit } from "./audit.mjs" — launch() gives a browser, and
//   audit(page) runs axe on a page the caller has already brought to the state to check (a form
//   filled in, a result shown).
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

// The Chromium to drive: $CHROMIUM, else Debian's.
export function chromiumPath() {
  for (const p of [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"])
    if (p && existsSync(p)) return p;
  return null;
}

export async function launch() {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("no Chromium: install Debian's `chromium` or set CHROMIUM");
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
}

// axe over the page as it is now; returns the violations (empty when clean).
export async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined")))
    await page.evaluate(axeSource);
  const results = await page.evaluate(async () =>
    window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    }));
  return results.violations;
}

export function describe(violations) {
  return violations
    .map((v) => `  ${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`).join("\n"))
    .join("\n");
}

async function main(argv) {
  let width = 1280;
  const pages = [];
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === "--width") width = Number(argv[++i]);
    else if (argv[i] === "--help" || argv[i] === "-h") {
      console.log("usage: node tests/browser/audit.mjs [--width PX] PAGE...   (a file or an http(s) URL)");
      return 0;
    } else pages.push(argv[i]);
  }
  if (!pages.length) {
    console.error("audit: give at least one page (a file or an http(s) URL); see --help");
    return 2;
  }
  const browser = await launch();
  let failed = 0;
  try {
    const page = await browser.newPage();
    await page.setViewport({ width, height: 900 });
    for (const p of pages) {
      const url = /^https?:\/\//.test(p) ? p : pathToFileURL(resolve(p)).href;
      await page.goto(url, { waitUntil: "load" });
      const violations = await audit(page);
      if (violations.length) {
        ++failed;
        console.log(`audit: ${p}: ${violations.length} violation(s)\n${describe(violations)}`);
      } else {
        console.log(`audit: ${p}: clean`);
      }
    }
  } finally {
    await browser.close();
  }
  return failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    console.error(`audit: could not run: ${e.message}`);
    process.exit(2);
  });
}
