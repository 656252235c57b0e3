// Every exported Questionnaire is valid FHIR R4, by a maintained validator: the `fhir` npm
// package (lantanagroup; StructureDefinition-based, checks element names, types, cardinality and
// required bindings). A broken Questionnaire must fail, so the check is known to bite.
//
// Usage: node tests/fhir/validate.mjs path/to/signpost RULES...
// Exit 0 all valid, 1 a problem, 77 (skipped) when tests/browser/node_modules is not installed.
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";

const require = createRequire(new URL("../browser/package.json", import.meta.url));
let Fhir;
try {
  ({ Fhir } = require("fhir"));
} catch {
  console.log("skipped: tests/browser/node_modules is not installed (npm ci in tests/browser)");
  process.exit(77);
}
const fhir = new Fhir();
const [signpost, ...rules] = process.argv.slice(2);
let failed = 0;

// Warnings count for the Questionnaire; for the result only errors do, because Observation.code
// has an example binding (LOINC) that signpost's own value codes are warned about.
function problems(resource, worst = ["error", "warning"]) {
  const r = fhir.validate(resource, { errorOnUnexpected: true });
  return r.messages.filter((m) => worst.includes(m.severity));
}

function questions(items, out = []) {
  for (const it of items) {
    if (it.type === "group") questions(it.item || [], out);
    else if (it.type !== "display" && !it.readOnly && !it.enableWhen) out.push(it);
  }
  return out;
}
const first = (it) => (it.type === "boolean" ? true : it.repeats ? [it.answerOption[0].valueCoding.code] :
  it.answerOption ? it.answerOption.at(-1).valueCoding.code : 1);

for (const file of rules) {
  const q = JSON.parse(execFileSync(signpost, ["export", "--format", "fhir", file], { encoding: "utf8" }));
  const p = problems(q);
  console.log(`${p.length ? "FAIL" : "ok  "} ${file}: a valid R4 Questionnaire`);
  for (const m of p) console.log(`     ${m.location}: ${m.message}`);
  failed += p.length ? 1 : 0;
  // The negative control: an unknown item type and an unknown element are caught.
  const broken = structuredClone(q);
  broken.item[0].type = "paragraph";
  broken.item[0].answerText = "x";
  const b = problems(broken);
  console.log(`${b.length ? "ok  " : "FAIL"} ${file}: a broken copy is refused (${b.length} problems)`);
  failed += b.length ? 0 : 1;
  // The result as FHIR (eval --format fhir), for answers that leave some guidance open.
  const answers = JSON.stringify(Object.fromEntries(questions(q.item).slice(0, 6).map((it) => [it.linkId, first(it)])));
  const bundle = JSON.parse(execFileSync(signpost, ["eval", file, "-a", "-", "-f", "fhir"], { input: answers, encoding: "utf8" }));
  const r = problems(bundle, ["error"]);
  console.log(`${r.length ? "FAIL" : "ok  "} ${file}: the result is a valid R4 Bundle (${bundle.entry.length} resources)`);
  for (const m of r) console.log(`     ${m.location}: ${m.message}`);
  failed += r.length ? 1 : 0;
}
process.exit(failed ? 1 : 0);
