// The engine in the browser: a JavaScript face over the WebAssembly build's C API (web/engine.cpp).
// A classic script (no modules, no dependencies), so a page loads it with <script src> under a
// strict CSP, and Node with require():
//
//   const engine = await SignpostEngine.load();              // fetches signpost-wasm.wasm beside it
//   const compiled = engine.compile({"rules.signpost": text}, "rules.signpost");
//   if (!compiled.ok) console.log(compiled.text);            // every diagnostic, as `signpost check`
//   compiled.rules.result({flashbacks: "yes"});               // the result, as `signpost eval`
(function (root) {
  'use strict';

  const encoder = new TextEncoder();
  const bytesOf = (x) => (typeof x === 'string' ? encoder.encode(x) : x);

  // Text crosses into the module as bytes it owns (a string as UTF-8; a Uint8Array as it is, so
  // a file that is not UTF-8 reaches the parser unchanged), NUL-terminated; sized(x) passes its
  // length too. Every string the module returns is read and freed here.
  const sized = (x) => ({ sized: bytesOf(x) });
  function call(m, fn, args) {
    const held = [];
    const raw = [];
    for (const a of args) {
      if (typeof a === 'number' || a === null) {
        raw.push(a === null ? 0 : a);
        continue;
      }
      const bytes = a.sized || bytesOf(a);
      const p = m._malloc(bytes.length + 1);
      m.HEAPU8.set(bytes, p);
      m.HEAPU8[p + bytes.length] = 0;
      held.push(p);
      raw.push(p);
      if (a.sized) raw.push(bytes.length);
    }
    try {
      const out = fn.apply(null, raw);
      if (out === undefined) return undefined;
      const text = m.UTF8ToString(out);
      m._sp_free(out);
      return text;
    } finally {
      held.forEach((p) => m._free(p));
    }
  }

  const answersText = (answers) => sized(answers instanceof Uint8Array || typeof answers === 'string' ? answers : JSON.stringify(answers || {}));

  class RuleSet {
    constructor(m, handle) {
      this.m = m;
      this.handle = handle;
    }
    // The result as JSON text: compact, or indented like `signpost eval` (indent 2) with a final newline.
    evaluate(answers, indent = -1) {
      return call(this.m, this.m._sp_evaluate, [this.handle, answersText(answers), indent]);
    }
    // The result as an object; `{errors: [...]}` when the answers are invalid.
    result(answers) {
      return JSON.parse(this.evaluate(answers));
    }
    // The report for the person, as `signpost eval --format text` writes it.
    report(answers) {
      return call(this.m, this.m._sp_report_text, [this.handle, answersText(answers)]);
    }
    // The report as one self-contained HTML page, as `signpost eval --format html` writes it.
    reportHtml(answers) {
      return call(this.m, this.m._sp_report_html, [this.handle, answersText(answers)]);
    }
    // {asked: [ids], not_asked: [ids]}: an item is asked unless its condition is known false.
    askedNow(answers) {
      return JSON.parse(call(this.m, this.m._sp_asked_now, [this.handle, answersText(answers)]));
    }
    // The questionnaire, as GET /v1/assessments/{id} describes it.
    questionnaire() {
      return JSON.parse(call(this.m, this.m._sp_questionnaire, [this.handle]));
    }
    // The same rules with every text in `lang` (one of the rule set's languages: its own, then
    // its translations'); throws, naming them, when there is no such translation. Release both.
    inLanguage(lang) {
      const out = JSON.parse(call(this.m, this.m._sp_in_language, [this.handle, lang]));
      if (!out.ok) throw new Error(`no '${lang}' translation; the rule set has ${out.languages.join(', ')}`);
      return new RuleSet(this.m, out.handle);
    }
    release() {
      call(this.m, this.m._sp_release, [this.handle]);
    }
  }

  class Engine {
    constructor(m) {
      this.m = m;
    }
    // files: {path: text or bytes}; main: the rule file's path among them; resources: a
    // deployment's resources file as text, or null. Returns {ok, rules?, diagnostics, text,
    // missing: [imports that were not given], languages: [its own, then its translations']}.
    // options.lang: the rules' texts in this language (see RuleSet.inLanguage).
    compile(files, main, resources = null, options = {}) {
      for (const [path, content] of Object.entries(files)) call(this.m, this.m._sp_file, [path, sized(content)]);
      const out = JSON.parse(call(this.m, this.m._sp_compile, [main, resources]));
      if (out.ok) out.rules = new RuleSet(this.m, out.handle);
      if (out.ok && options.lang) {
        const base = out.rules;
        try {
          out.rules = base.inLanguage(options.lang);
        } finally {
          base.release();
        }
      }
      return out;
    }
    // "" when a resources file is valid, else {"errors": [...]} as `signpost eval` prints it.
    checkResources(resourcesText) {
      return call(this.m, this.m._sp_check_resources, [sized(resourcesText)]);
    }
    version() {
      return call(this.m, this.m._sp_version, []);
    }
  }

  // options.wasmBinary: the .wasm's bytes (Node 20 cannot fetch it by path); options.locateFile:
  // where the .wasm is, in a browser (default: beside signpost-wasm.js).
  async function load(options = {}) {
    const factory = options.factory || root.createSignpostEngine;
    if (!factory) throw new Error('signpost-wasm.js is not loaded');
    return new Engine(await factory(Object.assign({}, options)));
  }

  const api = { load, Engine, RuleSet };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.SignpostEngine = api;
})(typeof self !== 'undefined' ? self : globalThis);
