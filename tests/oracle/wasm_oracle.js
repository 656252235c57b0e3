// The differential oracle for the WebAssembly engine (web/): random well-typed rule files and
// answers from signpost_oracle --native, each compiled and evaluated by the WebAssembly build in
// Node and compared byte for byte with the native engine's outputs: the compact result (the
// form's fast path), the result as `signpost eval` writes it, and the text report.
//
//   node tests/oracle/wasm_oracle.js SIGNPOST_ORACLE WEB_DIST_DIR WORK_DIR [SETS] [FIRST_SEED]
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const [oracle, dist, work, sets = '300', first = '700001'] = process.argv.slice(2);
if (!oracle || !dist || !work) {
  console.error('usage: node wasm_oracle.js SIGNPOST_ORACLE WEB_DIST_DIR WORK_DIR [SETS] [FIRST_SEED]');
  process.exit(2);
}
if (!fs.existsSync(path.join(dist, 'signpost-wasm.wasm'))) {
  console.log(`skipped: no WebAssembly build in ${dist} (SIGNPOST_BUILD_WEB needs Emscripten)`);
  process.exit(77);  // ctest's SKIP_RETURN_CODE
}

fs.mkdirSync(work, { recursive: true });
const file = path.join(work, 'native.json');
execFileSync(oracle, ['--native', file, '--sets', sets, '--seed', first], { stdio: ['ignore', 'inherit', 'inherit'] });
const ruleSets = JSON.parse(fs.readFileSync(file, 'utf8'));

function main(engine) {
  let compared = 0;
  for (const [n, set] of ruleSets.entries()) {
    const compiled = engine.compile({ 'oracle.signpost': set.rules }, 'oracle.signpost');
    const fail = (what, expected, actual) => {
      console.error(`FAIL rule set ${n}: ${what}\n--- native\n${expected}\n--- wasm\n${actual}\n--- rules\n${set.rules}`);
      process.exit(1);
    };
    if (!compiled.ok) fail('compiles natively, not in WebAssembly', '', compiled.text);
    for (const c of set.cases) {
      const got = {
        json: compiled.rules.evaluate(c.answers),
        indented: compiled.rules.evaluate(c.answers, 2),
        text: compiled.rules.report(c.answers),
      };
      for (const k of ['json', 'indented', 'text'])
        if (got[k] !== c[k]) fail(`${k} for answers ${c.answers}`, c[k], got[k]);
      ++compared;
    }
    compiled.rules.release();
  }
  console.log(`wasm oracle: ${ruleSets.length} random rule sets, ${compared} answer sets: ` +
              `the WebAssembly engine agrees with the native one byte for byte`);
  if (compared === 0) process.exit(1);  // a generator that compiles nothing proves nothing
}

global.createSignpostEngine = require(path.join(path.resolve(dist), 'signpost-wasm.js'));
const SignpostEngine = require(path.join(path.resolve(dist), 'signpost-engine.js'));
SignpostEngine.load({ wasmBinary: fs.readFileSync(path.join(dist, 'signpost-wasm.wasm')) }).then(main, (e) => {
  console.error(e);
  process.exit(1);
});
