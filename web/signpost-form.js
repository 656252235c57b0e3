// <signpost-form src="rules/self-check.signpost">: any signpost rule set as an accessible web
// form, evaluated in the browser by the WebAssembly engine (the answers never leave the device),
// or by `signpost serve` with mode="server". No dependencies, no cookies, no storage.
//
// Attributes: src (a rule file, or in server mode /v1/assessments/{id}); resources (a
// deployment's resources file: who to contact when safety is at stake); mode ("browser" or
// "server"); heading-level (of the form's title, default 2: 1 when the form is the page); lang
// (show the rule set's translation into this language, when it has one). The form's own words
// (buttons, headings) are in the language its texts are shown in: English or German. Event: "signpost-result" (detail: the result, as `signpost eval` writes it).
// Styling: CSS custom properties, see signpost-form.css and docs/web.md.
(function () {
  'use strict';
  const here = document.currentScript ? new URL('.', document.currentScript.src) : new URL('.', location.href);

  // ---- the form's own words -------------------------------------------------------------
  // German as the engine's German reports say it (engine/report/phrases.cpp), in the formal "Sie".

  const WORDS = {
    en: {
      loading: 'Loading the questions…',
      notLoaded: 'The questions could not be loaded. ',
      privacyServer: 'Your answers are sent to the service to be evaluated; it keeps nothing.',
      privacyBrowser: 'Your answers stay on this device: nothing is sent or kept.',
      submit: 'See my result',
      clear: 'Clear my answers',
      required: ' (required)',
      emptyHint: 'Leave it empty if you prefer not to answer.',
      skip: 'Prefer not to answer',
      progress: (n, of) => `${n} of ${of} questions answered`,
      notEvaluated: 'The answers could not be evaluated. ',
      result: 'Your result',
      readFirst: 'Please read this first',
      whoCanHelp: 'Who can help with this',
      helpNow: 'If you need help now',
      mayHelp: 'What may help',
      nothing: 'Nothing in your answers points to a particular kind of support.',
      undecided: 'Not decided by your answers',
      wouldDecide: (title, prompts, more) => `${title}: answering ${prompts}${more ? ` and ${more} more` : ''} would decide it.`,
      levels: { urgent: 'urgent', recommend: 'recommended', consider: 'worth considering', info: 'for information' },
      steps: 'Things you could try:',
      because: 'Why you are seeing this: ',
      source: 'Source: ',
    },
    de: {
      loading: 'Die Fragen werden geladen…',
      notLoaded: 'Die Fragen konnten nicht geladen werden. ',
      privacyServer: 'Ihre Antworten werden zur Auswertung an den Dienst gesendet; er speichert nichts.',
      privacyBrowser: 'Ihre Antworten bleiben auf diesem Gerät: Nichts wird gesendet oder gespeichert.',
      submit: 'Mein Ergebnis anzeigen',
      clear: 'Meine Antworten löschen',
      required: ' (Pflichtfrage)',
      emptyHint: 'Lassen Sie das Feld leer, wenn Sie nicht antworten möchten.',
      skip: 'Keine Angabe',
      progress: (n, of) => `${n} von ${of} Fragen beantwortet`,
      notEvaluated: 'Die Antworten konnten nicht ausgewertet werden. ',
      result: 'Ihr Ergebnis',
      readFirst: 'Bitte zuerst lesen',
      whoCanHelp: 'Wer dabei helfen kann',
      helpNow: 'Wenn Sie jetzt Hilfe brauchen',
      mayHelp: 'Was helfen kann',
      nothing: 'Keiner der Hinweise dieses Check-ins trifft auf Ihre Antworten zu.',
      undecided: 'Was wir nicht einschätzen konnten',
      wouldDecide: (title, prompts, more) =>
        `${title}: Eine Antwort auf ${prompts}${more ? ` und ${more} weitere` : ''} würde es entscheiden.`,
      levels: { urgent: 'dringend', recommend: 'empfohlen', consider: 'eine Überlegung wert', info: 'zur Information' },
      steps: 'Was Sie ausprobieren könnten:',
      because: 'Warum Sie das sehen: ',
      source: 'Quelle: ',
    },
  };
  const primary = (tag) => String(tag || '').toLowerCase().split('-')[0];
  const wordsFor = (tag) => WORDS[primary(tag)] || WORDS.en;
  // The language of `have` (a rule set's: its own, then its translations') that `want` asks for:
  // the same tag, or the same primary language ("de-AT" -> "de"); null when it has none.
  function pickLanguage(want, have) {
    if (!want) return null;
    const w = want.toLowerCase();
    return have.find((l) => l.toLowerCase() === w) || have.find((l) => primary(l) === primary(w)) || null;
  }

  // ---- loading ----------------------------------------------------------------------

  function loadScript(name) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = new URL(name, here).href;
      s.onload = resolve;
      s.onerror = () => reject(new Error('cannot load ' + s.src));
      document.head.appendChild(s);
    });
  }

  let enginePromise = null;
  function engine() {
    if (!enginePromise) {
      enginePromise = (async () => {
        if (!window.createSignpostEngine) await loadScript('signpost-wasm.js');
        if (!window.SignpostEngine) await loadScript('signpost-engine.js');
        return window.SignpostEngine.load({ locateFile: (f) => new URL(f, here).href });
      })();
    }
    return enginePromise;
  }

  async function fetchOk(url, how, headers) {
    const r = await fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: headers || {} });
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return how === 'json' ? r.json() : how === 'text' ? r.text() : new Uint8Array(await r.arrayBuffer());
  }

  // A rule file and the files it imports (fetched as the compiler asks for them), compiled.
  async function compileFrom(src, resourcesUrl) {
    const e = await engine();
    const base = new URL(src, location.href);
    const main = base.pathname.split('/').pop();
    const files = { [main]: await fetchOk(base, 'bytes') };
    const resources = resourcesUrl ? await fetchOk(new URL(resourcesUrl, location.href), 'text') : null;
    for (let round = 0; round < 32; ++round) {
      const c = e.compile(files, main, resources);
      if (c.ok || !c.missing.length) return c;
      for (const m of c.missing) files[m] = await fetchOk(new URL(m, base), 'bytes');
    }
    throw new Error('too many imports');
  }

  // ---- skip logic in server mode: the questionnaire's trees, three-valued --------------
  // (In browser mode the engine itself says which items are asked.)

  function evalTree(t, q, answers) {
    if (!t) return true;
    if ('const' in t) return t.const;
    if ('option' in t) return { option: t.option };
    if ('item' in t) {
      const a = answers[t.item];
      const item = q.itemById[t.item];
      if (a === undefined || !item) return undefined;
      const sc = q.scaleById[item.scale];
      if (sc.kind === 'boolean') return a === 'yes';
      if (sc.kind === 'options') return { option: a, scale: sc };
      return a;
    }
    if ('value' in t) return undefined;  // derived values: the engine decides
    const args = (t.args || []).map((x) => evalTree(x, q, answers));
    const num = (v, scale) => {
      if (v && typeof v === 'object') {
        const sc = v.scale || scale;
        const o = sc && sc.options.find((o) => o.id === v.option);
        return o && o.value !== null && o.value !== undefined ? o.value : sc ? sc.options.findIndex((o) => o.id === v.option) : undefined;
      }
      return typeof v === 'boolean' ? Number(v) : v;
    };
    const scaleOf = args.map((a) => a && a.scale).find(Boolean);
    const [a, b] = args.map((v) => num(v, scaleOf));
    const known = a !== undefined && (args.length < 2 || b !== undefined);
    switch (t.op) {
      case 'not': return args[0] === undefined ? undefined : !args[0];
      case 'and': return args.some((v) => v === false) ? false : args.every((v) => v === true) ? true : undefined;
      case 'or': return args.some((v) => v === true) ? true : args.every((v) => v === false) ? false : undefined;
      case 'eq': return known ? a === b : undefined;
      case 'ne': return known ? a !== b : undefined;
      case 'lt': return known ? a < b : undefined;
      case 'le': return known ? a <= b : undefined;
      case 'gt': return known ? a > b : undefined;
      case 'ge': return known ? a >= b : undefined;
      default: return undefined;  // arithmetic and aggregates: unknown, so the item is shown
    }
  }

  // ---- rendering ----------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === null || v === undefined) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c) e.append(c);
    return e;
  }

  let formCount = 0;

  class SignpostForm extends HTMLElement {
    static get observedAttributes() {
      return ['src'];
    }

    connectedCallback() {
      if (!this.started) {
        this.started = true;
        this.load();
      }
    }

    // The heading `depth` levels below the form's title.
    h(depth) {
      const level = Math.min(Math.max(Number(this.getAttribute('heading-level')) || 2, 1), 4);
      return 'h' + (level + depth);
    }

    get mode() {
      return this.getAttribute('mode') === 'server' ? 'server' : 'browser';
    }

    // The language asked for: the element's own `lang`, else none (the rule set's own language).
    get wantLanguage() {
      return this.getAttribute('lang') || '';
    }

    // Server mode: the service picks the language by Accept-Language.
    get languageHeaders() {
      return this.wantLanguage ? { 'Accept-Language': this.wantLanguage } : {};
    }

    async load() {
      this.uid = 'sp' + ++formCount;
      this.words = wordsFor(this.wantLanguage || document.documentElement.lang);
      this.replaceChildren(el('p', { class: 'sp-status', role: 'status', text: this.words.loading }));
      try {
        const started = performance.now();
        if (this.mode === 'server') {
          this.q = await fetchOk(this.getAttribute('src'), 'json', this.languageHeaders);
        } else {
          const c = await compileFrom(this.getAttribute('src'), this.getAttribute('resources'));
          if (!c.ok) throw new Error(c.text || (c.resource_errors || []).map((e) => e.message).join('\n'));
          const lang = pickLanguage(this.wantLanguage, c.languages || []);
          this.rules = lang ? c.rules.inLanguage(lang) : c.rules;
          this.q = this.rules.questionnaire();
        }
        this.words = wordsFor(this.q.language);
        this.loadMs = performance.now() - started;
        this.readyAt = performance.now();  // since the page started loading
        this.q.itemById = Object.fromEntries(this.q.items.map((i) => [i.id, i]));
        this.q.scaleById = Object.fromEntries(this.q.scales.map((s) => [s.id, s]));
        this.render();
        this.dispatchEvent(new CustomEvent('signpost-ready', { bubbles: true, detail: { loadMs: this.loadMs } }));
      } catch (err) {
        this.replaceChildren(el('p', { class: 'sp-error', role: 'alert', text: this.words.notLoaded + err.message }));
      }
    }

    render() {
      const q = this.q;
      const w = this.words;
      const form = el('form', { class: 'sp-form', novalidate: true, 'aria-labelledby': this.uid + '-title', lang: q.language });
      form.append(el(this.h(0), { id: this.uid + '-title', class: 'sp-title', text: q.title }));
      form.append(el('p', { class: 'sp-disclaimer', text: q.disclaimer }));
      form.append(el('p', { class: 'sp-privacy', text: this.mode === 'server' ? w.privacyServer : w.privacyBrowser }));
      this.progress = el('progress', { class: 'sp-progress-bar', max: 1, value: 0, 'aria-hidden': 'true' });
      this.progressText = el('span', { class: 'sp-progress-text' });
      form.append(el('div', { class: 'sp-progress' }, this.progressText, this.progress));
      for (const section of q.sections) {
        const fs = el('fieldset', { class: 'sp-section', 'data-section': section.id },
                      el('legend', { text: section.title }));
        for (const id of section.items) fs.append(this.renderItem(q.itemById[id]));
        form.append(fs);
      }
      const submit = el('button', { type: 'submit', class: 'sp-submit', text: w.submit });
      const clear = el('button', { type: 'button', class: 'sp-clear', text: w.clear });
      form.append(el('div', { class: 'sp-actions' }, submit, clear));
      this.result = el('section', { class: 'sp-result', lang: q.language, 'aria-live': 'polite', 'aria-labelledby': this.uid + '-result-title', tabindex: '-1', hidden: true });
      form.addEventListener('change', () => this.update());
      form.addEventListener('input', () => this.update());
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        this.submit();
      });
      clear.addEventListener('click', () => this.clear());
      this.form = form;
      this.replaceChildren(form, this.result);
      this.update();
    }

    renderItem(item) {
      const sc = this.q.scaleById[item.scale];
      const base = `${this.uid}-${item.id}`;
      const help = item.help ? el('p', { class: 'sp-help', id: base + '-help', text: item.help }) : null;
      const required = item.required ? el('span', { class: 'sp-required', text: this.words.required }) : null;
      const wrap = el('div', { class: 'sp-item' + (item.safety ? ' sp-safety' : ''), 'data-item': item.id });
      if (sc.kind === 'integer' || sc.kind === 'decimal') {
        const input = el('input', { type: 'number', id: base, name: item.id, inputmode: sc.kind === 'integer' ? 'numeric' : 'decimal',
                                    min: sc.min, max: sc.max, step: sc.kind === 'integer' ? 1 : 'any',
                                    'aria-describedby': help ? base + '-help' : null, 'aria-required': item.required ? 'true' : null });
        wrap.append(el('label', { for: base, class: 'sp-prompt' }, item.prompt, required), help, input,
                    el('p', { class: 'sp-hint', text: this.words.emptyHint }));
        return wrap;
      }
      const multiple = sc.kind === 'multiple';
      const group = el('fieldset', { class: 'sp-question', 'aria-describedby': help ? base + '-help' : null,
                                     'aria-required': item.required && !multiple ? 'true' : null, role: multiple ? null : 'radiogroup' },
                       el('legend', { class: 'sp-prompt' }, item.prompt, required));
      if (help) group.append(help);
      const options = el('div', { class: 'sp-options' + (sc.options.length > 5 ? ' sp-many' : '') });
      const choice = (value, label, extra) => {
        const id = `${base}-${value || 'none'}`;
        return el('div', { class: 'sp-option' + (extra ? ' ' + extra : '') },
                  el('input', { type: multiple ? 'checkbox' : 'radio', id, name: item.id, value }),
                  el('label', { for: id, text: label }));
      };
      for (const o of sc.options) options.append(choice(o.id, o.label));
      options.append(choice('', this.words.skip, 'sp-skip'));
      group.append(options);
      if (multiple) {  // "prefer not to answer" and the options exclude each other
        group.addEventListener('change', (ev) => {
          const boxes = group.querySelectorAll('input');
          if (ev.target.value === '' && ev.target.checked) boxes.forEach((b) => { if (b !== ev.target) b.checked = false; });
          else if (ev.target.checked) boxes.forEach((b) => { if (b.value === '') b.checked = false; });
        });
      }
      wrap.append(group);
      return wrap;
    }

    // Every answer given (shown or not), as the engine reads them: option ids, yes/no, numbers.
    allAnswers() {
      const answers = {};
      for (const item of this.q.items) {
        const sc = this.q.scaleById[item.scale];
        const inputs = [...this.form.querySelectorAll(`[name="${CSS.escape(item.id)}"]`)];
        if (sc.kind === 'integer' || sc.kind === 'decimal') {
          const v = inputs[0].value.trim();
          if (v !== '' && Number.isFinite(Number(v))) answers[item.id] = Number(v);
        } else if (sc.kind === 'multiple') {
          const on = inputs.filter((i) => i.checked);
          if (on.length && on.every((i) => i.value !== '')) answers[item.id] = on.map((i) => i.value);
        } else {
          const on = inputs.find((i) => i.checked);
          if (on && on.value !== '') answers[item.id] = on.value;
        }
      }
      return answers;
    }

    askedNow(answers) {
      if (this.rules) return new Set(this.rules.askedNow(answers).asked);
      return new Set(this.q.items.filter((i) => evalTree(i.ask_when && i.ask_when.logic, this.q, answers) !== false).map((i) => i.id));
    }

    // The answers to the questions being asked now: what is evaluated.
    answers() {
      const all = this.allAnswers();
      const asked = this.askedNow(all);
      return Object.fromEntries(Object.entries(all).filter(([k]) => asked.has(k)));
    }

    // Live skip logic and progress.
    update() {
      const all = this.allAnswers();
      const asked = this.askedNow(all);
      for (const wrap of this.form.querySelectorAll('.sp-item')) {
        const shown = asked.has(wrap.dataset.item);
        wrap.hidden = !shown;
        wrap.querySelectorAll('input').forEach((i) => { i.disabled = !shown; });
      }
      for (const fs of this.form.querySelectorAll('.sp-section'))
        fs.hidden = !fs.querySelector('.sp-item:not([hidden])');
      const answered = Object.keys(all).filter((k) => asked.has(k)).length;
      this.progress.max = asked.size;
      this.progress.value = answered;
      this.progressText.textContent = this.words.progress(answered, asked.size);
    }

    async submit() {
      const answers = this.answers();
      let result;
      try {
        if (this.rules) {
          const t = performance.now();
          result = this.rules.result(answers);
          this.evaluateMs = performance.now() - t;
        } else {
          const r = await fetch(this.getAttribute('src').replace(/\/$/, '') + '/evaluate', {
            method: 'POST', headers: { 'Content-Type': 'application/json', ...this.languageHeaders }, body: JSON.stringify(answers),
            credentials: 'omit', cache: 'no-store' });
          result = await r.json();
        }
      } catch (err) {
        result = { errors: [{ message: this.words.notEvaluated + err.message }] };
      }
      this.showResult(result);
      this.dispatchEvent(new CustomEvent('signpost-result', { bubbles: true, detail: result }));
    }

    showResult(r) {
      const out = this.result;
      out.replaceChildren(el(this.h(0), { id: this.uid + '-result-title', class: 'sp-result-title', text: this.words.result }));
      out.hidden = false;
      if (r.errors) {
        const list = el('ul', { class: 'sp-errors', role: 'alert' });
        for (const e of r.errors) list.append(el('li', { text: e.message }));
        out.append(list);
      } else {
        this.renderResult(r, out);
      }
      out.focus();
    }

    renderResult(r, out) {
      const w = this.words;
      const urgent = r.guidance.filter((g) => g.level === 'urgent');
      const rest = r.guidance.filter((g) => g.level !== 'urgent');
      if (urgent.length || r.urgent_help) {
        const first = el('div', { class: 'sp-urgent', role: 'alert' }, el(this.h(1), { text: w.readFirst }));
        const help = r.urgent_help || {};
        for (const g of urgent) {  // each with the contacts of its topics (the deployment's), then the general ones
          first.append(this.renderGuidance(g));
          for (const t of (help.topics || []).filter((t) => (t.guidance || []).includes(g.id)))
            first.append(this.renderContacts(t.title || w.whoCanHelp, t.text, t.contacts));
        }
        if (r.urgent_help && urgent.length)
          first.append(this.renderContacts(w.helpNow + (help.region ? ` (${help.region})` : ''), help.text, help.contacts));
        out.append(first);
      }
      if (rest.length) {
        const list = el('div', { class: 'sp-guidance-list' }, el(this.h(1), { text: w.mayHelp }));
        rest.forEach((g) => list.append(this.renderGuidance(g)));
        out.append(list);
      }
      if (!r.guidance.length) out.append(el('p', { class: 'sp-none', text: w.nothing }));
      if (r.undetermined && r.undetermined.length) {
        const open = el('div', { class: 'sp-undetermined' }, el(this.h(1), { text: w.undecided }));
        const ul = el('ul');
        for (const u of r.undetermined)
          ul.append(el('li', { 'data-undetermined': u.id,
                               text: w.wouldDecide(u.title, u.missing.map((m) => `“${m.prompt}”`).join(', '), u.more_missing) }));
        open.append(ul);
        out.append(open);
      }
      out.append(el('p', { class: 'sp-disclaimer', text: r.disclaimer }));
    }

    renderGuidance(g) {
      const w = this.words;
      const levels = w.levels;
      const box = el('article', { class: `sp-guidance sp-level-${g.level}`, 'data-guidance': g.id },
                     el(this.h(2), {}, g.title, el('span', { class: 'sp-level', text: ` (${levels[g.level] || g.level})` })));
      if (g.text) box.append(el('p', { text: g.text }));
      if (g.steps && g.steps.length) {
        const ul = el('ul', { class: 'sp-steps' });
        g.steps.forEach((s) => ul.append(el('li', { text: s })));
        box.append(el('p', { class: 'sp-steps-title', text: w.steps }), ul);
      }
      if (g.because) box.append(el('p', { class: 'sp-because' }, el('strong', { text: w.because }), g.because));
      if (g.cites && g.cites.length)
        box.append(el('p', { class: 'sp-cites', text: w.source + [...new Set(g.cites.map((c) => `${c.title}, “${c.section}”`))].join('; ') }));
      return box;
    }

    renderContacts(heading, text, contacts) {
      const box = el('div', { class: 'sp-contacts' }, el(this.h(2), { text: heading }));
      if (text) box.append(el('p', { text }));
      const ul = el('ul');
      for (const c of contacts || []) {
        const li = el('li', {}, el('strong', { text: c.name }));
        if (c.phone) li.append(': ', el('a', { href: 'tel:' + c.phone.replace(/[^0-9+]/g, ''), text: c.phone }));
        if (c.text) li.append(' — ', c.text);
        if (c.url) li.append(' ', el('a', { href: c.url, rel: 'noopener noreferrer', text: c.url }));
        if (c.hours) li.append(` (${c.hours})`);
        ul.append(li);
      }
      box.append(ul);
      return box;
    }

    clear() {
      this.form.reset();
      this.result.replaceChildren();
      this.result.hidden = true;
      this.update();
      const first = this.form.querySelector('input:not([disabled])');
      if (first) first.focus();
    }
  }

  if (!customElements.get('signpost-form')) customElements.define('signpost-form', SignpostForm);
})();
