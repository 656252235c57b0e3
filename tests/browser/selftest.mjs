// The audit itself is tested: a page with known faults must fail it and a plain accessible page
// must pass, so a clean audit elsewhere means axe really ran. Exits 77 (ctest: skipped) when
// Chromium or the npm tooling is missing.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, "node_modules", "puppeteer-core"))) {
  console.log("selftest: skipped: run `npm ci` in tests/browser (bash .ci/setup does)");
  process.exit(77);
}
const { launch, audit, chromiumPath } = await import("./audit.mjs");
if (!chromiumPath()) {
  console.log("selftest: skipped: no Chromium (apt-get install chromium)");
  process.exit(77);
}
const browser = await launch();
let failures = 0;
try {
  const page = await browser.newPage();
  for (const [file, expectClean] of [["accessible.html", true], ["inaccessible.html", false]]) {
    await page.goto("file://" + join(here, "fixtures", file));
    const ids = (await audit(page)).map((v) => v.id).sort();
    const ok = expectClean ? ids.length === 0 : ["document-title", "html-has-lang", "image-alt", "label"].every((id) => ids.includes(id));
    console.log(`selftest: ${file}: ${ok ? "as expected" : "UNEXPECTED"} (${ids.join(", ") || "clean"})`);
    if (!ok) ++failures;
  }
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
