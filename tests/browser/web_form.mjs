// The web form (web/signpost-form.js) in headless Chromium, on the page `signpost serve` gives
// each assessment (/a/{id}), filled in as people would: every shipped rule set with nothing
// answered, and with answers given by clicking and typing, some questions skipped, an answer
// changed so that questions disappear, a safety answer yes. Each time the guidance the page shows
// (ids, in order) must be what `signpost eval` gives for the same answers (in server mode too);
// axe must find nothing on the form or on the result; nothing may be stored or sent. Writes screenshots (phone 360 px
// and desktop, form and result) to OUT_DIR, and prints the load and evaluation times.
//
//   node tests/browser/web_form.mjs SIGNPOST_BINARY SOURCE_DIR WEB_DIST OUT_DIR
// Exit 0: passed; 1: failed; 77: skipped (no Chromium, no node_modules or no web build).
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [binary, root, dist, outDir] = process.argv.slice(2);
const skip = (why) => {
  console.log(`skipped: ${why}`);
  process.exit(77);
};
if (!existsSync(join(dist || "", "signpost-wasm.wasm"))) skip(`no web build in ${dist}`);
let audit;
try {
  audit = await import("./audit.mjs");
} catch (e) {
  skip(`tests/browser/node_modules is missing (cd tests/browser && npm ci): ${e.message.split("\n")[0]}`);
}
if (!audit.chromiumPath()) skip("no Chromium (Debian: chromium)");

const RULES = ["self-check.signpost", "partner.signpost", "clinician-intake.signpost"];
// A deployment's contacts with topics: some shown only next to the urgent guidance they concern.
const RESOURCES = join(root, "tests/golden/shipped/partner-presses-after-no-with-topic-contacts/resources.json");
const failures = [];
const fail = (msg) => {
  failures.push(msg);
  console.log(`FAIL ${msg}`);
};

// ---- the service -----------------------------------------------------------------------

function startService() {
  const args = ["serve", ...RULES.map((r) => join(root, "rules", r)), "--listen", "127.0.0.1:0", "--web", dist,
                "--resources", RESOURCES, "--no-access-log"];
  const child = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let log = "";
    child.stderr.on("data", (d) => {
      log += d;
      const m = log.match(/"event":"listening"[^\n]*/) && log.match(/"address":"([^"]+)"/);
      if (m) resolve({ child, base: `http://${m[1]}` });
    });
    child.on("exit", (code) => reject(new Error(`signpost serve exited (${code}):\n${log}`)));
  });
}

const work = mkdtempSync(join(tmpdir(), "signpost-web-"));
function signpostEval(rules, answers) {
  const file = join(work, "answers.json");
  writeFileSync(file, JSON.stringify(answers));
  const out = execFileSync(binary, ["eval", join(root, "rules", rules), "--answers", file, "--resources", RESOURCES],
                           { encoding: "utf8" });
  return JSON.parse(out);
}

// ---- the page --------------------------------------------------------------------------

async function openForm(page, url) {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector("signpost-form .sp-form", { timeout: 20000 });
  return page.evaluate(() => {
    const f = document.querySelector("signpost-form");
    return { loadMs: f.loadMs, items: f.q.items.map((i) => ({ id: i.id, scale: f.q.scaleById[i.scale], safety: i.safety })) };
  });
}

const visibleItems = (page) => page.$$eval("signpost-form .sp-item:not([hidden])", (els) => els.map((e) => e.dataset.item));

// Chooses an answer as a person would: a click on the option's label, typing a number.
async function answer(page, item, value) {
  const sel = `signpost-form [data-item="${item.id}"]`;
  if (item.scale.kind === "integer" || item.scale.kind === "decimal") {
    await page.click(`${sel} input`, { count: 3 });
    await page.keyboard.press("Backspace");
    if (value !== null) await page.type(`${sel} input`, String(value));
    return;
  }
  for (const v of Array.isArray(value) ? value : [value === null ? "" : value])
    await page.click(`${sel} input[value="${v}"] + label`);
}

// A deterministic person: the k-th question gets an answer from its scale, every fourth is
// skipped with "prefer not to answer", safety questions are answered yes when `safetyYes`.
function pick(item, k, safetyYes) {
  const sc = item.scale;
  if (item.safety && sc.kind === "boolean") return safetyYes ? "yes" : "no";
  if (k % 4 === 3) return null;
  if (sc.kind === "integer" || sc.kind === "decimal") return sc.min !== null ? sc.min + (k % 3) : k % 5;
  if (sc.kind === "multiple") return [sc.options[k % sc.options.length].id];
  return sc.options[(k * 2 + 1) % sc.options.length].id;
}

async function shownGuidance(page) {
  await page.click("signpost-form .sp-submit");
  await page.waitForSelector("signpost-form .sp-result:not([hidden])");
  return page.$$eval("signpost-form .sp-result [data-guidance]", (els) => els.map((e) => e.dataset.guidance));
}

async function checkAudit(page, what) {
  const violations = await audit.audit(page);
  if (violations.length) fail(`${what}: axe found ${violations.length} violation(s)\n${audit.describe(violations)}`);
}

function compareGuidance(what, shown, rules, answers) {
  const result = signpostEval(rules, answers);
  const expected = result.guidance.map((g) => g.id);
  if (JSON.stringify(shown) !== JSON.stringify(expected))
    fail(`${what}: the page shows guidance [${shown}], signpost eval gives [${expected}] for ${JSON.stringify(answers)}`);
  return result;
}

// Every contact the result offers (general, and each topic's for guidance shown) is on the page.
async function checkContacts(page, what, result) {
  const text = await page.$eval("signpost-form .sp-result", (e) => e.textContent);
  const help = result.urgent_help;
  if (!help || !result.guidance.some((g) => g.level === "urgent")) return;
  const fired = new Set(result.guidance.map((g) => g.id));
  const topics = (help.topics || []).filter((t) => t.guidance.some((g) => fired.has(g)));
  for (const c of [...help.contacts, ...topics.flatMap((t) => t.contacts)])
    if (!text.includes(c.name) || (c.phone && !text.includes(c.phone))) fail(`${what}: the contact ${c.name} is not shown`);
}

// One rule set: nothing answered; then answered, with skips, a changed answer and a safety yes.
async function checkRuleSet(page, base, rules, id, requests) {
  const form = await openForm(page, `${base}/a/${id}`);
  const served = await (await fetch(`${base}/v1/assessments/${id}`)).text();
  const inBrowser = await page.evaluate(() => JSON.stringify(document.querySelector("signpost-form").rules.questionnaire()));
  if (JSON.stringify(JSON.parse(served)) !== inBrowser)
    fail(`${id}: the questionnaire the browser's engine describes is not the one GET /v1/assessments/${id} serves`);
  await checkAudit(page, `${id}: the empty form`);
  compareGuidance(`${id}, nothing answered`, await shownGuidance(page), rules, {});
  await checkAudit(page, `${id}: the result of nothing answered`);
  await page.click("signpost-form .sp-clear");

  const given = {};
  const byId = Object.fromEntries(form.items.map((i) => [i.id, i]));
  let k = 0;
  for (;;) {  // answer what is shown, in order, until no new question appears
    const todo = (await visibleItems(page)).filter((i) => !(i in given));
    if (!todo.length) break;
    for (const itemId of todo) {
      const v = pick(byId[itemId], k++, true);
      await answer(page, byId[itemId], v);
      given[itemId] = v;
    }
  }
  // Change an answer that hides others: the first question some other question depends on.
  const before = await visibleItems(page);
  const gate = await page.evaluate(() => {
    const f = document.querySelector("signpost-form");
    const dep = f.q.items.find((i) => i.ask_when && i.ask_when.source);
    return dep ? dep.ask_when.source.split(/[^a-z0-9_]+/).find((w) => f.q.itemById[w]) : null;
  });
  let hid = false;
  if (gate && byId[gate].scale.kind === "boolean") {
    for (const flipped of ["no", "yes"]) {
      if (given[gate] === flipped) continue;
      await answer(page, byId[gate], flipped);
      given[gate] = flipped;
      if ((await visibleItems(page)).length < before.length) {
        hid = true;
        break;
      }
    }
  }
  if (!hid) fail(`${id}: no change of a yes/no answer ('${gate}') hid the questions that depend on it`);
  const shown = new Set(await visibleItems(page));
  const answers = Object.fromEntries(Object.entries(given).filter(([i, v]) => shown.has(i) && v !== null));
  const formAnswers = await page.evaluate(() => document.querySelector("signpost-form").answers());
  if (JSON.stringify(Object.entries(formAnswers).sort()) !== JSON.stringify(Object.entries(answers).sort()))
    fail(`${id}: the form would evaluate ${JSON.stringify(formAnswers)}, but the answers given were ${JSON.stringify(answers)}`);
  await checkAudit(page, `${id}: the filled-in form`);
  const sent = requests.length;
  const result = compareGuidance(`${id}, answered`, await shownGuidance(page), rules, answers);
  const n = result.guidance.length;
  await checkContacts(page, id, result);
  if (requests.length !== sent) fail(`${id}: evaluating sent ${requests.slice(sent).join(", ")}: answers must stay in the browser`);
  if (n === 0) fail(`${id}: the answers chosen fire no guidance, so the comparison shows little`);
  const urgentFirst = await page.$$eval("signpost-form .sp-result > *", (els) => els.map((e) => e.className));
  if (urgentFirst[1] !== "sp-urgent") fail(`${id}: with a safety answer yes, urgent guidance is not first (${urgentFirst})`);
  await checkAudit(page, `${id}: the result`);
  const stored = await page.evaluate(() => document.cookie + localStorage.length + sessionStorage.length);
  if (stored !== "00") fail(`${id}: something was stored (cookie, localStorage, sessionStorage: ${stored})`);
  await page.click("signpost-form .sp-clear");
  const progress = await page.$eval("signpost-form .sp-progress-text", (e) => e.textContent);
  if (!progress.startsWith("0 of ")) fail(`${id}: after "clear my answers" the progress says "${progress}"`);
  return form.loadMs;
}

// Keyboard only: Tab reaches the first option, Space chooses it.
async function checkKeyboard(page, base) {
  await page.goto(`${base}/a/intimacy_self_check`, { waitUntil: "load" });
  await page.waitForSelector("signpost-form .sp-form");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  const checked = await page.$$eval("signpost-form input:checked", (els) => els.map((e) => e.name + "=" + e.value));
  if (checked.length !== 1) fail(`keyboard: Tab then Space checked [${checked}], expected the first question's first option`);
}

// mode="server": the questionnaire from the service, skip logic from its trees, the answers
// posted to /evaluate; the same guidance as `signpost eval`.
async function checkServerMode(page, base, requests) {
  await openForm(page, `${base}/a/intimacy_self_check`);
  await page.evaluate(() => {
    const f = document.createElement("signpost-form");
    f.setAttribute("mode", "server");
    f.setAttribute("src", "/v1/assessments/intimacy_self_check");
    document.querySelector("signpost-form").replaceWith(f);
  });
  await page.waitForSelector("signpost-form[mode=server] .sp-form");
  const yesno = (id) => ({ id, scale: { kind: "boolean" } });
  await answer(page, yesno("in_relationship"), "no");
  if ((await visibleItems(page)).includes("relationship_strain"))
    fail("server mode: 'relationship_strain' is still shown after 'in_relationship' = no");
  const answers = { in_relationship: "no", unsafe_relationship: "yes", flashbacks: "yes", past_feels_present: "often" };
  await answer(page, yesno("unsafe_relationship"), "yes");
  await answer(page, yesno("flashbacks"), "yes");
  await answer(page, { id: "past_feels_present", scale: { kind: "options" } }, "often");
  const sent = requests.length;
  compareGuidance("server mode", await shownGuidance(page), "self-check.signpost", answers);
  if (!requests.slice(sent).some((r) => r.endsWith("/v1/assessments/intimacy_self_check/evaluate")))
    fail("server mode: the answers were not posted to the service");
}

// lang="de": the partner check's German translation, and the form's own words in German, in
// both modes; the same guidance as `signpost eval` (the answers are the same ids).
async function checkGerman(page, base, partnerId) {
  for (const mode of ["browser", "server"]) {
    await openForm(page, `${base}/a/${partnerId}`);
    await page.evaluate((mode, id) => {
      const old = document.querySelector("signpost-form");
      const f = document.createElement("signpost-form");
      f.setAttribute("lang", "de-DE");
      f.setAttribute("heading-level", "1");  // the form is the page, as the one it replaces
      if (mode === "server") {
        f.setAttribute("mode", "server");
        f.setAttribute("src", `/v1/assessments/${id}`);
      } else {
        f.setAttribute("src", old.getAttribute("src"));
      }
      old.replaceWith(f);
    }, mode, partnerId);
    await page.waitForSelector(`signpost-form .sp-form[lang="de"]`, { timeout: 20000 });
    const words = await page.evaluate(() => ({
      submit: document.querySelector("signpost-form .sp-submit").textContent,
      skip: document.querySelector("signpost-form .sp-skip label").textContent,
      progress: document.querySelector("signpost-form .sp-progress-text").textContent,
      prompt: document.querySelector('signpost-form [data-item="anyone_hurt"] .sp-prompt').textContent,
    }));
    if (words.submit !== "Mein Ergebnis anzeigen" || words.skip !== "Keine Angabe" || !/ von \d+ Fragen beantwortet$/.test(words.progress))
      fail(`German (${mode}): the form's own words are ${JSON.stringify(words)}`);
    if (!/Beziehung/.test(words.prompt)) fail(`German (${mode}): the question is not in German: ${words.prompt}`);
    await answer(page, { id: "anyone_hurt", scale: { kind: "boolean" } }, "yes");
    compareGuidance(`German (${mode})`, await shownGuidance(page), "partner.signpost", { anyone_hurt: "yes" });
    const heading = await page.$eval("signpost-form .sp-result-title", (e) => e.textContent);
    if (heading !== "Ihr Ergebnis") fail(`German (${mode}): the result's heading is "${heading}"`);
    await checkAudit(page, `German (${mode}): the result`);
  }
}

// Screenshots of the self-check, and the layout at 360 px: nothing wider than the screen.
async function screenshots(page, base) {
  mkdirSync(outDir, { recursive: true });
  for (const [name, width] of [["phone", 360], ["desktop", 1280]]) {
    await page.setViewport({ width, height: name === "phone" ? 740 : 900 });
    await openForm(page, `${base}/a/intimacy_self_check`);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scroll > width) fail(`${name}: the page is ${scroll} px wide on a ${width} px screen`);
    if (name === "phone") await checkAudit(page, "the form at 360 px");
    await page.screenshot({ path: join(outDir, `web-form-${name}.png`) });
    await answer(page, { id: "unsafe_relationship", scale: { kind: "boolean" } }, "yes");
    await answer(page, { id: "flashbacks", scale: { kind: "boolean" } }, "yes");
    await answer(page, { id: "past_feels_present", scale: { kind: "options" } }, "often");
    await page.click("signpost-form .sp-submit");
    await page.waitForSelector("signpost-form .sp-result:not([hidden])");
    await page.$eval("signpost-form .sp-result", (e) => e.scrollIntoView());
    await page.screenshot({ path: join(outDir, `web-result-${name}.png`) });
  }
}

// Evaluation time in the page: the self-check's engine, the same answers many times.
async function timing(page, base) {
  await page.setViewport({ width: 1280, height: 900 });
  await openForm(page, `${base}/a/intimacy_self_check`);
  return page.evaluate(() => {
    const f = document.querySelector("signpost-form");
    const answers = { unsafe_relationship: "no", flashbacks: "yes", past_feels_present: "often", in_relationship: "yes" };
    for (let i = 0; i < 50; ++i) f.rules.evaluate(answers);
    const n = 500, t = performance.now();
    for (let i = 0; i < n; ++i) f.rules.evaluate(answers);
    return (performance.now() - t) / n;
  });
}

const { child, base } = await startService();
const browser = await audit.launch();
try {
  const page = await browser.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url().replace(base, "")));
  page.on("pageerror", (e) => fail(`page error: ${e.message}`));
  page.on("console", (m) => {  // a failed load is checked below, with its address
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) fail(`console error: ${m.text()}`);
  });
  page.on("response", (r) => {  // Chromium asks for /favicon.ico by itself; the page names no icon
    if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) fail(`${r.url()}: ${r.status()}`);
  });
  await page.setViewport({ width: 1280, height: 900 });
  const ids = await (await fetch(`${base}/v1/assessments`)).json();
  const loads = [];
  for (const [i, rules] of RULES.entries()) {
    const id = ids.assessments[i].id;
    loads.push(`${id} ${(await checkRuleSet(page, base, rules, id, requests)).toFixed(0)} ms`);
  }
  await checkKeyboard(page, base);
  await checkServerMode(page, base, requests);
  await checkGerman(page, base, ids.assessments[RULES.indexOf("partner.signpost")].id);
  await screenshots(page, base);
  const evalMs = await timing(page, base);
  console.log(`load (fetch the rule files, compile, render) in Chromium: ${loads.join(", ")}`);
  console.log(`evaluation of the self-check in Chromium: ${(evalMs * 1000).toFixed(0)} µs (mean of 500)`);
  console.log(`screenshots in ${outDir}`);
} finally {
  await browser.close();
  child.kill("SIGTERM");
}
console.log(failures.length ? `${failures.length} failure(s)` : "the web form passed");
process.exit(failures.length ? 1 : 0);
