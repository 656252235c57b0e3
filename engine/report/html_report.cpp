// A self-contained HTML report for the person who answered: a renderer of the Result.
//
// One file with no external assets and no script (inline CSS only), so it can be saved, mailed
// or printed as it is. Urgent guidance and the deployment's contacts come first, as in the text
// report, and the markup is built for assistive technology: a lang attribute, landmarks
// (header, main, footer), headings in order (h1 > h2 > h3), lists for lists, and colours with a
// contrast ratio of at least 7:1 (WCAG AAA for text). tests/browser checks every golden report
// with axe-core in headless Chromium.
#include <algorithm>
#include <string>

#include "engine/evaluate/answers.hpp"
#include "engine/report/report.hpp"
#include "engine/source/text.hpp"

namespace signpost {
namespace {

std::string esc(const std::string& s) { return html_escape(s); }

// A phone number as a tel: link (digits and a leading + only).
std::string tel(const std::string& phone) {
  std::string digits;
  for (char c : phone)
    if ((c >= '0' && c <= '9') || (c == '+' && digits.empty())) digits += c;
  return digits;
}

// Only http(s) addresses become links; anything else is shown as text.
bool linkable(const std::string& url) { return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0; }

const char* kStyle = R"css(
body{font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff;margin:0} header,main,footer{max-width:44rem;margin:0 auto;padding:0 1rem} a{color:#0b3d91} ul{padding-left:1.5rem}
h1{font-size:1.6rem;margin:1.5rem 0 .25rem} h2{font-size:1.25rem;margin:2rem 0 .75rem;border-bottom:2px solid #1a1a1a} h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
.meta,.why,.source,footer{color:#4a4a4a;font-size:.92rem} .level{font-weight:normal;color:#4a4a4a;font-size:.92rem} .disclaimer{border-left:4px solid #1a1a1a;padding:.25rem .75rem;background:#f3f3f3}
.urgent h2{color:#8b0000;border-color:#8b0000} .urgent article,.help{border:2px solid #8b0000;background:#fff5f5;padding:.25rem 1rem;margin:.75rem 0} .help h2{margin-top:.75rem}
@media print{body{font-size:11pt} a{color:#000} a[href^="http"]::after{content:" (" attr(href) ")"} article,.help{break-inside:avoid}}
)css";

// The report, written section by section into `out`.
struct HtmlReport {
  const Result& r;
  const model::Model& m;
  const Words& w;
  const Phrases& p;  // the words of the report's language that do not depend on the reader
  std::string out;

  bool is_urgent(size_t g) const { return m.guidance[g].level == model::Level::urgent; }

  void contacts(const std::vector<Contact>& list) {
    out += "<ul class=\"contacts\">\n";
    for (const Contact& c : list) {
      out += "<li><strong>" + esc(c.name) + "</strong>";
      if (!c.phone.empty()) out += ": <a href=\"tel:" + esc(tel(c.phone)) + "\">" + esc(c.phone) + "</a>";
      if (!c.text.empty()) out += ": " + esc(c.text);
      if (!c.url.empty())
        out += linkable(c.url) ? ": <a href=\"" + esc(c.url) + "\">" + esc(c.url) + "</a>" : ": " + esc(c.url);
      if (!c.hours.empty()) out += " (" + esc(c.hours) + ")";
      out += "</li>\n";
    }
    out += "</ul>\n";
  }

  // The deployment's contacts for the topics of urgent guidance `g`.
  void topic_contacts(size_t g) {
    if (!r.urgent_help) return;
    const auto& tags = m.guidance[g].tags;
    for (const Topic& t : r.urgent_help->topics) {
      if (std::find(tags.begin(), tags.end(), t.name) == tags.end()) continue;
      out += "<p><strong>" + esc(t.title.empty() ? std::string(w.topic) : t.title) + "</strong></p>\n";
      if (!t.text.empty()) out += "<p>" + esc(t.text) + "</p>\n";
      contacts(t.contacts);
    }
  }

  void list(const std::vector<int>& items) {
    out += "<ul>\n";
    for (int i : items) out += "<li>" + esc(m.items[size_t(i)].prompt) + "</li>\n";
    out += "</ul>\n";
  }

  // One fired guidance: title, text, steps, contacts, reason and sources.
  void fired(const Result::Fired& f, const char* steps_heading) {
    const model::Guidance& gd = m.guidance[f.guidance];
    out += "<article>\n<h3>" + esc(gd.title);
    if (!is_urgent(f.guidance)) out += std::string(" <span class=\"level\">(") + esc(level_words(gd.level, m.language)) + ")</span>";
    out += "</h3>\n";
    if (!gd.text.empty()) out += "<p>" + esc(gd.text) + "</p>\n";
    if (!f.steps.empty() && *steps_heading) out += std::string("<p>") + steps_heading + "</p>\n";
    if (!f.steps.empty()) {
      out += "<ul>\n";
      for (size_t k : f.steps) out += "<li>" + esc(gd.steps[k].text) + "</li>\n";
      out += "</ul>\n";
    }
    if (is_urgent(f.guidance)) topic_contacts(f.guidance);
    if (!f.because.empty()) out += "<p class=\"why\">" + esc(w.why + f.because) + "</p>\n";
    out += "<p class=\"source\">" + esc(p.source + cite_line(m, gd.cites)) + "</p>\n</article>\n";
  }

  void open_safety(const Result::Undetermined& u) {
    out += "<article>\n<h3>" + esc(m.guidance[u.guidance].title) + "</h3>\n<p>" + esc(w.safety_open) + "</p>\n<p>" +
           esc(w.not_answered) + "</p>\n";
    list(u.missing);
    topic_contacts(u.guidance);
    out += "</article>\n";
  }

  // Urgent guidance, fired or not ruled out, then who to contact: always first.
  void urgent() {
    bool any = false;
    for (const auto& f : r.guidance) any = any || is_urgent(f.guidance);
    for (const auto& u : r.undetermined) any = any || is_urgent(u.guidance);
    if (any) {
      out += "<section class=\"urgent\" aria-labelledby=\"first\">\n<h2 id=\"first\">" + esc(w.first) + "</h2>\n";
      for (const auto& f : r.guidance)
        if (is_urgent(f.guidance)) fired(f, "");
      for (const auto& u : r.undetermined)
        if (is_urgent(u.guidance)) open_safety(u);
      out += "</section>\n";
    }
    if (!r.urgent_help) return;
    const Resources& help = *r.urgent_help;
    out += "<section class=\"help\" aria-labelledby=\"help\">\n<h2 id=\"help\">" + esc(w.need_help) +
           (help.region.empty() ? "" : " (" + esc(help.region) + ")") + "</h2>\n<p>" + esc(help.urgent_text) + "</p>\n";
    contacts(help.contacts);
    out += "</section>\n";
  }

  void other_guidance() {
    if (std::all_of(r.guidance.begin(), r.guidance.end(), [&](const Result::Fired& f) { return is_urgent(f.guidance); }))
      return;
    out += "<section aria-labelledby=\"guidance\">\n<h2 id=\"guidance\">" + esc(w.help) + "</h2>\n";
    for (const auto& f : r.guidance)
      if (!is_urgent(f.guidance)) fired(f, w.steps);
    out += "</section>\n";
  }

  void open_questions() {
    if (std::all_of(r.undetermined.begin(), r.undetermined.end(),
                    [&](const Result::Undetermined& u) { return is_urgent(u.guidance); }))
      return;
    out += "<section aria-labelledby=\"open\">\n<h2 id=\"open\">" + esc(w.open) + "</h2>\n";
    for (const auto& u : r.undetermined) {
      if (is_urgent(u.guidance)) continue;
      out += "<article>\n<h3>" + esc(m.guidance[u.guidance].title) + "</h3>\n<p>" + esc(w.depends) + "</p>\n";
      list(u.missing);
      if (size_t more = u.more_missing)
        out += "<p>" + esc(others_sentence(w, more)) + "</p>\n";
      out += "</article>\n";
    }
    out += "</section>\n";
  }

  void signs() {
    if (std::all_of(r.signs.begin(), r.signs.end(), [](const Result::Signs& s) { return s.endorsed.empty(); })) return;
    out += "<section aria-labelledby=\"signs\">\n<h2 id=\"signs\">" + esc(w.signs) + "</h2>\n";
    for (const auto& s : r.signs) {
      if (s.endorsed.empty()) continue;
      out += "<h3>" + esc(m.sections[s.section].title) + " (" + std::to_string(s.endorsed.size()) + p.of +
             std::to_string(s.asked) + ")</h3>\n<ul>\n";
      for (int i : s.endorsed)
        out += "<li>" + esc(m.items[size_t(i)].prompt) + " (" + esc(answer_label(m, i, r.answers[size_t(i)])) + ")</li>\n";
      out += "</ul>\n";
    }
    out += "</section>\n";
  }
};

}  // namespace

std::string report_html(const Result& r) {
  const model::Model& m = *r.model;
  HtmlReport h{r, m, words_for(m.audience, m.language), phrases_for(m.language), {}};
  std::string& out = h.out;
  out += "<!doctype html>\n<html lang=\"" + esc(m.language.empty() ? "en" : m.language) + "\">\n<head>\n" +
         "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
         "<title>" + esc(m.title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<header>\n<h1>" +
         esc(m.title) + "</h1>\n<p class=\"meta\">" + esc(h.p.version_title) + " " + esc(m.version) + "</p>\n<p class=\"disclaimer\">" +
         esc(m.disclaimer) + "</p>\n</header>\n<main>\n";
  bool empty = r.answered() == 0;
  if (empty) out += "<p>" + esc(h.w.empty) + "</p>\n";
  h.urgent();
  if (!empty) {
    h.other_guidance();
    h.open_questions();
    h.signs();
    if (r.guidance.empty() && r.undetermined.empty()) out += "<p>" + esc(h.w.nothing) + "</p>\n";
  }
  out += "</main>\n<footer>\n<p>" + esc(h.p.rule_set) + esc(m.id) + " " + esc(m.version) + ", " +
         esc(r.content_hash.substr(0, 19)) + (r.language.empty() ? "" : esc(h.p.language_word) + esc(r.language)) +
         "</p>\n</footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace signpost
