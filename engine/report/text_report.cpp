// A readable text report for the person who answered: a renderer of the Result.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <sstream>

#include "engine/evaluate/answers.hpp"
#include "engine/report/report.hpp"

namespace signpost {

namespace {

// Marks a space that wrap() must not break at; it prints as a space.
constexpr char kKeep = '\x01';

bool digit_end(const std::string& w) { return !w.empty() && std::isdigit(static_cast<unsigned char>(w.back())); }
bool phone_part(const std::string& w) {
  return !w.empty() && (std::isdigit(static_cast<unsigned char>(w[0])) || w[0] == '(') &&
         std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c) || std::strchr("()-+.,;:", c); });
}

// Wraps text at `width` columns with a hanging indent. Runs of numbers ("0808 2000 247") and
// spaces marked kKeep stay on one line, so a phone number is never split.
std::string wrap(const std::string& text, size_t indent, size_t width = 78) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) {
    if (!words.empty() && digit_end(words.back()) && phone_part(w)) words.back() += kKeep + w;
    else words.push_back(w);
  }
  std::string line, out;
  std::string pad(indent, ' ');
  for (const auto& word : words) {
    if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
      out += pad + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += pad + line + "\n";
  std::replace(out.begin(), out.end(), kKeep, ' ');
  return out;
}

std::string unbroken(std::string s) {
  std::replace(s.begin(), s.end(), ' ', kKeep);
  return s;
}

// "    - prompt" lines for the questions left unanswered.
std::string missing_list(const model::Model& m, const std::vector<int>& missing) {
  std::string out;
  for (int i : missing) out += "    - " + wrap(m.items[size_t(i)].prompt, 6).substr(6);
  return out;
}

// "    - name: phone: url (hours)" lines; each value stays on one line.
std::string contact_list(const std::vector<Contact>& contacts) {
  std::string out;
  for (const Contact& c : contacts) {
    std::string line = c.name;
    for (const std::string* v : {&c.phone, &c.text, &c.url})
      if (!v->empty()) line += ": " + unbroken(*v);
    if (!c.hours.empty()) line += " (" + unbroken(c.hours) + ")";
    out += "    - " + wrap(line, 6).substr(6);
  }
  return out;
}

// The report, written section by section into `out`.
struct TextReport {
  const Result& r;
  const model::Model& m;
  const Words& w;
  const Phrases& p;  // the words of the report's language that do not depend on the reader
  const char *bold, *red, *dim, *reset;
  std::ostringstream out;

  bool is_urgent(size_t g) const { return m.guidance[g].level == model::Level::urgent; }
  void section(const char* title) { out << bold << "== " << title << " ==" << reset << "\n\n"; }
  void footer() {
    out << dim << p.rule_set << m.id << " " << m.version << ", " << r.content_hash.substr(0, 19)
        << (r.language.empty() ? "" : p.language_word + r.language) << reset << "\n";
  }

  // The deployment's contacts for the topics of urgent guidance `g`.
  void topic_contacts(size_t g) {
    if (!r.urgent_help) return;
    const auto& tags = m.guidance[g].tags;
    for (const Topic& t : r.urgent_help->topics) {
      if (std::find(tags.begin(), tags.end(), t.name) == tags.end()) continue;
      std::string title = t.title.empty() ? std::string(w.topic) : t.title;
      if (!std::strchr(":?.", title.back())) title += ":";  // a heading over the contacts, as the default
      out << "  " << title << "\n";
      if (!t.text.empty()) out << wrap(t.text, 4);
      out << contact_list(t.contacts);
    }
  }

  // Text, steps (under `steps_heading` when there is one), reason and sources of one guidance.
  void body(const Result::Fired& f, const char* steps_heading) {
    const model::Guidance& gd = m.guidance[f.guidance];
    if (!gd.text.empty()) out << wrap(gd.text, 2);
    if (!f.steps.empty() && *steps_heading) out << "  " << steps_heading << "\n";
    for (size_t k : f.steps) out << "    - " << wrap(gd.steps[k].text, 6).substr(6);
    if (is_urgent(f.guidance)) topic_contacts(f.guidance);
    if (!f.because.empty()) out << dim << wrap(w.why + f.because, 2) << reset;
    out << dim << wrap(p.source + cite_line(m, gd.cites), 2) << reset << "\n";
  }

  // Urgent guidance, fired or not ruled out, and who to contact: always first.
  void urgent() {
    bool any = false;
    for (const auto& f : r.guidance) any = any || is_urgent(f.guidance);
    for (const auto& u : r.undetermined) any = any || is_urgent(u.guidance);
    if (any) section(w.first);
    for (const auto& f : r.guidance) {
      if (!is_urgent(f.guidance)) continue;
      out << red << "! " << m.guidance[f.guidance].title << reset << "\n";
      body(f, "");
    }
    for (const auto& u : r.undetermined) {
      if (!is_urgent(u.guidance)) continue;
      out << red << "? " << m.guidance[u.guidance].title << reset << "\n";
      out << wrap(w.safety_open, 2) << "  " << w.not_answered << "\n" << missing_list(m, u.missing);
      topic_contacts(u.guidance);
      out << "\n";
    }
    if (!r.urgent_help) return;
    const Resources& help = *r.urgent_help;
    out << bold << w.need_help << reset << (help.region.empty() ? std::string() : " (" + help.region + ")") << "\n"
        << wrap(help.urgent_text, 2) << contact_list(help.contacts) << "\n";
  }

  void other_guidance() {
    bool any = false;
    for (const auto& f : r.guidance) any = any || !is_urgent(f.guidance);
    if (any) section(w.help);
    for (const auto& f : r.guidance) {
      if (is_urgent(f.guidance)) continue;
      const model::Guidance& gd = m.guidance[f.guidance];
      out << bold << "* " << gd.title << reset << dim << "  (" << level_words(gd.level, m.language) << ")" << reset << "\n";
      body(f, w.steps);
    }
  }

  void open_questions() {
    bool any = false;
    for (const auto& u : r.undetermined) any = any || !is_urgent(u.guidance);
    if (!any) return;
    section(w.open);
    for (const auto& u : r.undetermined) {
      if (is_urgent(u.guidance)) continue;
      out << "* " << m.guidance[u.guidance].title << "\n"
          << "  " << w.depends << "\n"
          << missing_list(m, u.missing);
      size_t more = u.more_missing;
      if (more) out << wrap(others_sentence(w, more), 2);
      out << "\n";
    }
  }

  void signs() {
    bool any = false;
    for (const auto& s : r.signs) any = any || !s.endorsed.empty();
    if (!any) return;
    section(w.signs);
    for (const auto& s : r.signs) {
      if (s.endorsed.empty()) continue;
      out << m.sections[s.section].title << " (" << s.endorsed.size() << p.of << s.asked << ")\n";
      for (int i : s.endorsed)
        out << wrap(m.items[size_t(i)].prompt + " (" + answer_label(m, i, r.answers[size_t(i)]) + ")", 4)
                   .replace(2, 2, "- ");
      out << "\n";
    }
  }
};

}  // namespace

std::string report_text(const Result& r, bool color) {
  const model::Model& m = *r.model;
  TextReport t{r, m, words_for(m.audience, m.language), phrases_for(m.language), color ? "\x1b[1m" : "", color ? "\x1b[1;31m" : "",
               color ? "\x1b[2m" : "", color ? "\x1b[0m" : "", {}};
  t.out << t.bold << m.title << t.reset << t.dim << "  (" << t.p.version_lower << " " << m.version << ")" << t.reset << "\n\n";
  t.out << wrap(m.disclaimer, 0) << "\n";
  // Nothing answered: say so, keep what safety needs, and stop.
  bool empty = r.answered() == 0;
  if (empty) t.out << wrap(t.w.empty, 0) << "\n";
  t.urgent();
  if (empty) {
    t.footer();
    return t.out.str();
  }
  t.other_guidance();
  t.open_questions();
  t.signs();
  if (r.guidance.empty() && r.undetermined.empty()) t.out << wrap(t.w.nothing, 0) << "\n";
  t.footer();
  return t.out.str();
}

}  // namespace signpost
