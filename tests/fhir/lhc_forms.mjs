// A real FHIR client against signpost's export: NLM's LHC-Forms (the `lforms` npm package, its
// built web component from node_modules/lforms/dist) in headless Chromium renders the Questionnaire
// `signpost export --format fhir` writes for each rule set. For several answer sets the test fills
// the form in as a person would (mouse clicks on the radio buttons and check boxes of the items
// that are shown), and checks that
//   - the form hides and shows the same questions as signpost's `ask when` (answers.not_asked),
//     on the empty form and after every answer;
//   - the QuestionnaireResponse LHC-Forms gives (LForms.Util.getFormFHIRData) evaluates, with
//     `signpost eval`, to exactly the result the same answers give as plain JSON;
//   - the scores LHC-Forms calculates from the exported SDC expressions are signpost's.
//
// Usage: node tests/fhir/lhc_forms.mjs path/to/signpost RULES...
// Exit 0 all as expected, 1 a difference, 77 (skipped) without Chromium or tests/browser/node_modules.
import http from "node:http";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";

const browserDir = join(dirname(fileURLToPath(import.meta.url)), "..", "browser");
const lforms = join(browserDir, "node_modules", "lforms", "dist", "lforms");
if (!existsSync(join(browserDir, "node_modules", "puppeteer-core")) || !existsSync(lforms)) {
  console.log("skipped: tests/browser/node_modules is not installed (npm ci in tests/browser)");
  process.exit(77);
}
const { launch, chromiumPath } = await import(join(browserDir, "audit.mjs"));
if (!chromiumPath()) {
  console.log("skipped: no Chromium (apt-get install chromium)");
  process.exit(77);
}

const [signpost, ...ruleFiles] = process.argv.slice(2);
const SCENARIOS = 3;  // answer sets per rule set: 5 to 15 s each (LHC-Forms recalculates after every click)
let failures = 0;
function check(ok, what, detail = "") {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${ok || !detail ? "" : "\n     " + detail}`);
  if (!ok) ++failures;
}

// ---- signpost ----------------------------------------------------------------------------------
function evaluate(rules, answers) {
  try {
    return execFileSync(signpost, ["eval", rules, "-a", "-"], { input: JSON.stringify(answers), encoding: "utf8" });
  } catch (e) {
    return `exit ${e.status}: ${e.stderr}`;
  }
}

// ---- the page: LHC-Forms' built files, served as they would be from a web server ----------------
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LHC-Forms</title>
<link rel="stylesheet" href="/lforms/webcomponent/styles.css">
<script src="/lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="/lforms/webcomponent/runtime.js" type="module"></script>
<script src="/lforms/webcomponent/polyfills.js" type="module"></script>
<script src="/lforms/webcomponent/main.js" type="module"></script>
</head><body><main id="form"></main></body></html>`;
const TYPES = { ".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".ico": "image/x-icon" };
const server = http.createServer((req, res) => {
  const path = new URL(req.url, "http://localhost").pathname;
  if (path === "/") {
    res.writeHead(200, { "content-type": "text/html" });
    return res.end(PAGE);
  }
  const file = join(lforms, path.replace(/^\/lforms\//, "").replace(/\.\.+/g, ""));
  if (path.startsWith("/lforms/") && existsSync(file)) {
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    return res.end(readFileSync(file));
  }
  res.writeHead(404);
  res.end();
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

// ---- the questionnaire -------------------------------------------------------------------------
function questions(items, out = []) {
  for (const it of items) {
    if (it.type === "group") questions(it.item || [], out);
    else if (it.type !== "display" && !it.readOnly) out.push(it);
  }
  return out;
}

function calculated(items, out = []) {
  for (const it of items) {
    if (it.type === "group") calculated(it.item || [], out);
    else if (it.readOnly) out.push(it);
  }
  return out;
}

// A deterministic answer set: each question answered (a random option) or left empty.
function scenario(qs, seed) {
  let s = seed * 2654435761 >>> 0;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
  const planned = {};
  for (const q of qs) {
    if (rand() < 0.2) continue;  // left unanswered
    if (q.type === "boolean") planned[q.linkId] = rand() < (seed === 1 ? 0.1 : 0.5);  // seed 1: mostly no
    else if (q.repeats) planned[q.linkId] = q.answerOption.filter(() => rand() < 0.4).map((o) => o.valueCoding.code);
    else planned[q.linkId] = q.answerOption[Math.floor(rand() * q.answerOption.length)].valueCoding.code;
  }
  return planned;
}

// ---- the form, as a person uses it -------------------------------------------------------------
async function shown(page, qs) {
  return page.evaluate((ids) => ids.filter((id) => {
    const el = document.querySelector(`lhc-item[id^="item-${CSS.escape(id)}/"]`);
    return el && el.offsetParent !== null;
  }), qs.map((q) => q.linkId));
}

async function click(page, linkId, label) {
  const handle = await page.evaluateHandle((id, label) => {
    const item = document.querySelector(`lhc-item[id^="item-${CSS.escape(id)}/"]`);
    for (const l of item ? item.querySelectorAll("label") : []) {
      const input = l.querySelector("input") || document.getElementById(l.htmlFor);
      if (input && (input.type === "radio" || input.type === "checkbox") && l.textContent.trim() === label) return l;
    }
    return null;
  }, linkId, label);
  const el = handle.asElement();
  if (!el) throw new Error(`no choice '${label}' shown for ${linkId}`);
  await el.click();
}

function label(q, code) {
  if (q.type === "boolean") return code ? "Yes" : "No";
  return q.answerOption.find((o) => o.valueCoding.code === code).valueCoding.display;
}

function notAsked(result, qs) {
  const r = JSON.parse(result);
  return qs.map((q) => q.linkId).filter((id) => !r.answers.not_asked.includes(id));
}

async function run(page, rules) {
  const questionnaire = JSON.parse(execFileSync(signpost, ["export", "--format", "fhir", rules], { encoding: "utf8" }));
  const qs = questions(questionnaire.item);
  // Each band's number: the variable its expression tests (iif((%total).exists(), ...)).
  const bandedBy = {};
  for (const e of questionnaire.extension || []) {
    const m = /^iif\(\(%(\w+)\)\.exists\(\)/.exec(e.valueExpression?.expression || "");
    if (m) bandedBy[e.valueExpression.name] = m[1];
  }
  for (let seed = 0; seed < SCENARIOS; ++seed) {
    const name = `${rules} #${seed}`;
    await page.goto(base + "/");
    await page.waitForFunction(() => window.LForms?.Util?.addFormToPage, { timeout: 30000 });
    await page.addScriptTag({ url: "/lforms/fhir/R4/lformsFHIR.min.js" });
    await page.evaluate((q) => LForms.Util.addFormToPage(q, "form", { fhirVersion: "R4" }), questionnaire);
    await page.waitForSelector("lhc-item");
    const planned = scenario(qs, seed);
    const given = {};
    let sameSkips = true, detail = "";
    const compareSkips = async (when) => {
      const form = await shown(page, qs), engine = notAsked(evaluate(rules, given), qs);
      if (sameSkips && JSON.stringify(form) !== JSON.stringify(engine)) {
        sameSkips = false;
        detail = `${when}: LHC-Forms shows ${form.filter((x) => !engine.includes(x))} that signpost does not ask, ` +
                 `hides ${engine.filter((x) => !form.includes(x))} that signpost asks`;
      }
    };
    await compareSkips("the empty form");
    for (const q of qs) {  // in the form's order, only what is shown
      if (!(q.linkId in planned) || !(await shown(page, [q])).length) continue;
      const answer = planned[q.linkId];
      for (const code of Array.isArray(answer) ? answer : [answer]) await click(page, q.linkId, label(q, code));
      if (Array.isArray(answer) && !answer.length) continue;  // nothing ticked: unanswered
      given[q.linkId] = answer;
      const now = await shown(page, qs);
      for (const id of Object.keys(given)) if (!now.includes(id)) delete given[id];  // hidden: its answer is gone
      await compareSkips(`after ${q.linkId}`);
    }
    const hidden = qs.length - (await shown(page, qs)).length;
    check(sameSkips, `${name}: LHC-Forms hides and shows the questions signpost's ask when does (${hidden} hidden at the end)`, detail);
    const response = await page.evaluate(() =>
      LForms.Util.getFormFHIRData("QuestionnaireResponse", "R4", document.querySelector("#form")));
    const fromForm = evaluate(rules, response), plain = evaluate(rules, given);
    check(fromForm === plain, `${name}: the form's QuestionnaireResponse (${Object.keys(given).length} answers) ` +
          `gives exactly the plain answers' result`, fromForm.slice(0, 400));
    // The calculated items: LHC-Forms' values against signpost's.
    const result = JSON.parse(plain);
    const values = {};
    (function walk(items) {
      for (const it of items || []) {
        if (it.answer) values[it.linkId] = Object.values(it.answer[0]).find((v) => typeof v !== "object");
        walk(it.item);
      }
    })(response.item);
    const diffs = [];
    let known = 0;
    for (const c of calculated(questionnaire.item)) {
      const engine = c.linkId in result.scores ? result.scores[c.linkId].value :
        c.linkId in result.bands ? result.bands[c.linkId].band : undefined;
      if (engine === undefined) continue;  // a value the result does not report
      const form = c.linkId in values ? values[c.linkId] : null;
      if (engine !== null) ++known;
      // signpost decides a band from its number's bounds (at least 8: many) before the number is
      // known; FHIRPath has no bounds, so LHC-Forms shows the band once the number is (docs/fhir.md).
      if (form === null && c.linkId in result.bands && result.scores[bandedBy[c.linkId]]?.value === null) continue;
      if (form !== engine) diffs.push(`${c.linkId}: LHC-Forms ${form}, signpost ${engine}`);
    }
    check(diffs.length === 0, `${name}: LHC-Forms calculates the same scores as signpost (${known} known)`, diffs.join("; "));
  }
}

const browser = await launch();
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => console.log(`     page error: ${e.message}`));
  for (const rules of ruleFiles) await run(page, rules);
} finally {
  await browser.close();
  server.close();
}
process.exit(failures ? 1 : 0);
