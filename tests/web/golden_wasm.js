// Runs every golden case (tests/golden/eval, shipped and check) through the WebAssembly engine in
// Node and compares its output byte for byte with the expected files, which the native engine's
// golden test holds to: the two engines agree exactly. The compact result the form uses and the
// items asked now (live skip logic) are checked against the same files.
//
//   node tests/web/golden_wasm.js SOURCE_DIR WEB_DIST_DIR
'use strict';
const fs = require('fs');
const path = require('path');

const [root, dist] = process.argv.slice(2);
if (!root || !dist) {
  console.error('usage: node golden_wasm.js SOURCE_DIR WEB_DIST_DIR');
  process.exit(2);
}
if (!fs.existsSync(path.join(dist, 'signpost-wasm.wasm'))) {
  console.log(`skipped: no WebAssembly build in ${dist} (SIGNPOST_BUILD_WEB needs Emscripten)`);
  process.exit(77);  // ctest's SKIP_RETURN_CODE
}
const golden = path.join(root, 'tests', 'golden');
const read = (p) => fs.readFileSync(p, 'utf8');
const bytes = (p) => fs.readFileSync(p);  // rule files and answers go in as bytes: some are not UTF-8 on purpose
const maybe = (p) => (fs.existsSync(p) ? bytes(p) : null);

// Every rule file under `dir`, by its path relative to it (imports resolve against these).
function ruleFiles(dir, base = dir, out = {}) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) ruleFiles(p, base, out);
    else if (e.name.endsWith('.signpost')) out[path.relative(base, p).split(path.sep).join('/')] = bytes(p);
  }
  return out;
}

const cases = (kind) =>
  fs.existsSync(path.join(golden, kind))
    ? fs.readdirSync(path.join(golden, kind)).sort().map((name) => ({ kind, name, dir: path.join(golden, kind, name) }))
    : [];

// The first line where two texts part, for the failure message.
function firstDifference(expected, actual) {
  const a = expected.split('\n'), b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); ++i)
    if (a[i] !== b[i]) return `line ${i + 1}:\n  expected: ${JSON.stringify(a[i])}\n  actual:   ${JSON.stringify(b[i])}`;
  return 'same lines, different bytes';
}

function main(engine) {
  const failures = [];
  const compare = (c, what, expected, actual) => {
    if (expected !== actual) failures.push(`${c.kind}/${c.name} ${what} differs at ${firstDifference(expected, actual)}`);
  };
  const shippedRules = ruleFiles(path.join(root, 'rules'));
  let count = 0;
  // A check case with a source's text (`file`) checks citations against it, which only authoring
  // tools do (`signpost check`, `doc`); the browser's engine never reads those texts.
  const readsSourceText = (c) => c.kind === 'check' && fs.readdirSync(c.dir).some((f) => f.endsWith('.txt') && f !== 'expected.txt');
  for (const c of [...cases('eval'), ...cases('shipped'), ...cases('check')]) {
    if (readsSourceText(c)) continue;
    ++count;
    const shipped = c.kind === 'shipped';
    const files = shipped ? shippedRules : ruleFiles(c.dir);
    const main = shipped ? read(path.join(c.dir, 'rule-set.txt')).trim() : 'rules.signpost';
    const resources = maybe(path.join(c.dir, 'resources.json'));
    const lang = maybe(path.join(c.dir, 'lang.txt'));  // evaluate in one of the rule set's translations
    const options = lang === null ? {} : { lang: lang.toString('utf8').trim() };
    const compiled = engine.compile(files, main, null, c.kind === 'check' ? {} : options);
    if (c.kind === 'check') {
      compare(c, 'expected.txt', read(path.join(c.dir, 'expected.txt')), compiled.text);
      continue;
    }
    if (!compiled.ok) {
      failures.push(`${c.kind}/${c.name}: the rules do not compile:\n${compiled.text}`);
      continue;
    }
    let rules = compiled.rules;
    if (resources !== null) {
      const problems = engine.checkResources(resources);
      if (problems) {  // an invalid resources file: its errors are the expected output
        compare(c, 'expected.json', read(path.join(c.dir, 'expected.json')), problems);
        continue;
      }
      rules.release();
      rules = engine.compile(files, main, resources, options).rules;
    }
    const answers = bytes(path.join(c.dir, 'answers.json'));
    const expected = read(path.join(c.dir, 'expected.json'));
    compare(c, 'expected.json', expected, rules.evaluate(answers, 2));
    // The form's path: the compact result (the engine's fast path) holds the same document, and
    // the items asked now are those the result does not list as not asked.
    const doc = JSON.parse(expected);
    compare(c, 'compact result', JSON.stringify(doc), JSON.stringify(JSON.parse(rules.evaluate(answers))));
    if (doc.answers && doc.answers.not_asked)
      compare(c, 'not asked now', JSON.stringify(doc.answers.not_asked.slice().sort()),
              JSON.stringify(rules.askedNow(answers).not_asked.slice().sort()));
    if (shipped) compare(c, 'expected.txt', read(path.join(c.dir, 'expected.txt')), rules.report(answers));
    if (shipped && fs.existsSync(path.join(c.dir, 'expected.html')))
      compare(c, 'expected.html', read(path.join(c.dir, 'expected.html')), rules.reportHtml(answers));
    rules.release();
  }
  for (const f of failures) console.error('FAIL ' + f);
  console.log(`${count - failures.length} of ${count} golden cases agree with the native engine (engine ${engine.version()})`);
  process.exit(failures.length ? 1 : 0);
}

global.createSignpostEngine = require(path.join(path.resolve(dist), 'signpost-wasm.js'));
const SignpostEngine = require(path.join(path.resolve(dist), 'signpost-engine.js'));
SignpostEngine.load({ wasmBinary: fs.readFileSync(path.join(dist, 'signpost-wasm.wasm')) }).then(main, (e) => {
  console.error(e);
  process.exit(1);
});
