// Every golden HTML report (tests/golden/shipped/*/expected.html, written by `signpost eval
// --format html`) passes the shared accessibility audit (audit.mjs: axe-core, WCAG 2.1 A/AA and
// best practices, headless Chromium), in a desktop and a phone-sized window. Exits 77 (ctest:
// skipped) when Chromium or the npm tooling is missing.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, "node_modules", "puppeteer-core"))) {
  console.log("html_report: skipped: run `npm ci` in tests/browser (bash .ci/setup does)");
  process.exit(77);
}
const { launch, audit, describe, chromiumPath } = await import("./audit.mjs");
if (!chromiumPath()) {
  console.log("html_report: skipped: no Chromium (apt-get install chromium)");
  process.exit(77);
}
const shipped = join(here, "..", "golden", "shipped");
const pages = readdirSync(shipped)
  .map((d) => join(shipped, d, "expected.html"))
  .filter((p) => existsSync(p))
  .sort();
if (!pages.length) {
  console.log("html_report: no expected.html under tests/golden/shipped");
  process.exit(1);
}
const browser = await launch();
let failures = 0;
try {
  const page = await browser.newPage();
  for (const width of [1280, 375]) {
    await page.setViewport({ width, height: 900 });
    for (const p of pages) {
      await page.goto(pathToFileURL(p).href, { waitUntil: "load" });
      const violations = await audit(page);
      console.log(`html_report: ${p} at ${width}px: ${violations.length ? "FAILED" : "clean"}`);
      if (violations.length) {
        ++failures;
        console.log(describe(violations));
      }
    }
  }
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
