// The seed-38 job (../../shared/bench/seed38.md) in two expression engines people use for forms
// today: SurveyJS's ExpressionRunner (survey-core) and json-logic-js. Each derived value and each
// guidance rule is one expression, evaluated in order for each response, as a form would.
//
//   node seed38.js RESPONSES.csv ROWS      prints one JSON line per engine
//
// The checksum is printed so that bench/run.sh can check it against the hand-written C++ scorer on
// the same responses.
"use strict";
const fs = require("fs");
const { ExpressionRunner } = require("survey-core");
const jsonLogic = require("json-logic-js");

const [file, rowsArg] = process.argv.slice(2);
const rows = parseInt(rowsArg || "20000", 10);
const lines = fs.readFileSync(file, "utf8").split("\n");
const header = lines[0].split(",");
const data = [];
for (let r = 1; r <= rows && r < lines.length; r++) {
  if (!lines[r]) continue;
  const cells = lines[r].split(",");
  const row = {};
  header.forEach((h, k) => { if (h !== "id") row[h] = Number(cells[k]); });
  data.push(row);
}

const range = (p, n) => Array.from({ length: n }, (_, k) => p + (k + 1));
const E = range("e", 10), P = range("p", 10), R = range("r", 10), H = range("h", 6);

// ---- survey-core -----------------------------------------------------------------------------------
const sj = {
  values: [
    ["emo_sum", E.map((x) => `{${x}}`).join(" + ")],
    ["emo_count", E.map((x) => `iif({${x}} >= 2, 1, 0)`).join(" + ")],
    ["phy_sum", P.map((x) => `{${x}}`).join(" + ")],
    ["phy_count", P.map((x) => `iif({${x}} >= 2, 1, 0)`).join(" + ")],
    ["pat_sum", R.map((x) => `{${x}}`).join(" + ")],
    ["pat_count", R.map((x) => `iif({${x}} >= 2, 1, 0)`).join(" + ")],
    ["help_count", H.map((x) => `{${x}}`).join(" + ")],
    ["total", "{emo_sum} + {phy_sum} + {pat_sum}"],
    ["safety_any", "{s1} = 1 or {s2} = 1"],
    ["domains", "iif({emo_count} >= 3, 1, 0) + iif({phy_count} >= 3, 1, 0) + iif({pat_count} >= 3, 1, 0)"],
  ],
  guidance: [
    "{safety_any}",
    "{help_count} >= 2 or ({help_count} >= 1 and {total} >= 45)",
    "{help_count} >= 1",
    "{emo_count} >= 3 or {emo_sum} >= 15",
    "{phy_count} >= 3 or {phy_sum} >= 15",
    "{pat_count} >= 3 or {pat_sum} >= 15",
    "{domains} >= 2",
    "{p5} >= 2 and {h3} = 1",
    "{total} < 10 and {help_count} = 0 and !{safety_any}",
    "!({total} < 10 and {help_count} = 0 and !{safety_any}) and !({help_count} >= 1)",
  ],
};

// ---- json-logic ----------------------------------------------------------------------------------
const v = (x) => ({ var: x });
const sum = (xs) => ({ "+": xs.map(v) });
const count = (xs) => ({ "+": xs.map((x) => ({ if: [{ ">=": [v(x), 2] }, 1, 0] })) });
const few = { and: [{ "<": [v("total"), 10] }, { "==": [v("help_count"), 0] }, { "!": v("safety_any") }] };
const jl = {
  values: [
    ["emo_sum", sum(E)], ["emo_count", count(E)], ["phy_sum", sum(P)], ["phy_count", count(P)],
    ["pat_sum", sum(R)], ["pat_count", count(R)], ["help_count", sum(H)],
    ["total", { "+": [v("emo_sum"), v("phy_sum"), v("pat_sum")] }],
    ["safety_any", { or: [{ "==": [v("s1"), 1] }, { "==": [v("s2"), 1] }] }],
    ["domains", { "+": ["emo_count", "phy_count", "pat_count"].map((x) => ({ if: [{ ">=": [v(x), 3] }, 1, 0] })) }],
  ],
  guidance: [
    v("safety_any"),
    { or: [{ ">=": [v("help_count"), 2] }, { and: [{ ">=": [v("help_count"), 1] }, { ">=": [v("total"), 45] }] }] },
    { ">=": [v("help_count"), 1] },
    { or: [{ ">=": [v("emo_count"), 3] }, { ">=": [v("emo_sum"), 15] }] },
    { or: [{ ">=": [v("phy_count"), 3] }, { ">=": [v("phy_sum"), 15] }] },
    { or: [{ ">=": [v("pat_count"), 3] }, { ">=": [v("pat_sum"), 15] }] },
    { ">=": [v("domains"), 2] },
    { and: [{ ">=": [v("p5"), 2] }, { "==": [v("h3"), 1] }] },
    few,
    { and: [{ "!": few }, { "!": { ">=": [v("help_count"), 1] } }] },
  ],
};

// The installed version, read from the package's own package.json (not every package exports it).
const version = (pkg) => JSON.parse(fs.readFileSync(`${__dirname}/node_modules/${pkg}/package.json`, "utf8")).version;

function bench(name, version, evaluate) {
  // Warm up, then time every response once.
  for (let r = 0; r < Math.min(2000, data.length); r++) evaluate({ ...data[r] });
  let checksum = 0;
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < data.length; r++) {
    const out = evaluate({ ...data[r] });
    checksum = (checksum + out.mask * 131 + out.total) >>> 0;
  }
  const ns = Number(process.hrtime.bigint() - t0) / data.length;
  console.log(JSON.stringify({ engine: name, version, rows: data.length, ns_per_response: ns, checksum }));
}

const sjValues = sj.values.map(([k, e]) => [k, new ExpressionRunner(e)]);
const sjGuidance = sj.guidance.map((e) => new ExpressionRunner(e));
bench("survey-core ExpressionRunner", version("survey-core"), (row) => {
  for (const [k, runner] of sjValues) row[k] = runner.runValues(row);
  let mask = 0;
  sjGuidance.forEach((runner, b) => { if (runner.runValues(row) === true) mask |= 1 << b; });
  return { mask, total: row.total };
});

bench("json-logic-js", version("json-logic-js"), (row) => {
  for (const [k, rule] of jl.values) row[k] = jsonLogic.apply(rule, row);
  let mask = 0;
  jl.guidance.forEach((rule, b) => { if (jsonLogic.truthy(jsonLogic.apply(rule, row))) mask |= 1 << b; });
  return { mask, total: row.total };
});
