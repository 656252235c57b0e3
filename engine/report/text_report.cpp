// A readable report for the person who answered, built from the result JSON alone.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <sstream>

#include "engine/report/report.hpp"

namespace signpost {
using nlohmann::json;

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
std::string missing_list(const json& missing) {
  std::string out;
  for (const auto& m : missing) out += "    - " + wrap(m.at("prompt").get<std::string>(), 6).substr(6);
  return out;
}

// "    - name: phone: url (hours)" lines; each value stays on one line.
std::string contact_list(const json& contacts) {
  std::string out;
  for (const auto& c : contacts) {
    std::string line = c.at("name").get<std::string>();
    for (const char* k : {"phone", "text", "url"})
      if (c.contains(k)) line += ": " + unbroken(c.at(k).get<std::string>());
    if (c.contains("hours")) line += " (" + unbroken(c.at("hours").get<std::string>()) + ")";
    out += "    - " + wrap(line, 6).substr(6);
  }
  return out;
}

// "Title, "Section"; ..." once per section: line locators are for reviewers, not for this text.
std::string cite_line(const json& cites) {
  std::string out;
  std::vector<std::string> seen;
  for (const auto& c : cites) {
    std::string one = c.at("title").get<std::string>();
    if (!c.at("section").get<std::string>().empty()) one += ", \"" + c.at("section").get<std::string>() + "\"";
    if (std::find(seen.begin(), seen.end(), one) != seen.end()) continue;
    seen.push_back(one);
    if (!out.empty()) out += "; ";
    out += one;
  }
  return out;
}

// The engine's own sentences, for the reader of the report: the person who answered about
// themselves, a partner or carer (who may be at risk, or may be asked about their own
// behaviour, or may answer for someone else), or a practitioner writing about a client.
struct Words {
  const char *first, *help, *open, *signs, *steps, *why, *safety_open, *not_answered, *depends, *others, *need_help,
      *nothing, *empty, *topic;
};

const Words kSelf = {
    "Please read this first",
    "What may help",
    "We could not tell",
    "Signs you recognised",
    "Things you could try:",
    "Why you are seeing this: ",
    "Some safety questions were not answered, so we cannot tell whether this applies to you.",
    "Not answered:",
    "This depends on questions you did not answer:",
    " you did not answer could not settle this on their own.",
    "If you need help now",
    "None of the guidance in this check-in applies to your answers.",
    "You did not answer any of the questions, so this check-in has nothing to tell you yet. Every question can "
    "be left unanswered; answer the ones you are comfortable with to see what may help.",
    "Who can help with this:"};

const Words kPartner = {
    kSelf.first, kSelf.help, kSelf.open, kSelf.signs, kSelf.steps, kSelf.why,
    "Some questions about safety in your relationship were not answered, so we cannot tell whether this "
    "applies.",
    kSelf.not_answered, kSelf.depends, kSelf.others,
    "If anyone needs help now",
    kSelf.nothing, kSelf.empty, kSelf.topic};

const Words kCarer = {
    kSelf.first, kSelf.help, kSelf.open, kSelf.signs, kSelf.steps, kSelf.why,
    "Some questions about safety were not answered, so we cannot tell whether this applies.",
    kSelf.not_answered, kSelf.depends, kSelf.others, kPartner.need_help, kSelf.nothing, kSelf.empty, kSelf.topic};

const Words kPractitioner = {
    "Read this first",
    "Suggestions",
    "Not determined",
    "Presentations recorded",
    "Possible steps:",
    "Why this is shown: ",
    "Some safety questions were not answered, so it is not known whether this applies to the client.",
    "Not answered:",
    "This depends on questions not answered:",
    " not answered could not settle this on their own.",
    "If the client needs help now",
    "None of the guidance in this rule set applies to the answers recorded.",
    "No answers were recorded, so there is nothing to report yet.",
    "Who can help with this:"};

const Words& words_for(const std::string& audience) {
  if (audience == "partner") return kPartner;
  if (audience == "carer") return kCarer;
  if (audience == "clinician" || audience == "researcher") return kPractitioner;
  return kSelf;
}

// A guidance level as the reader would say it.
const char* level_words(const std::string& level) {
  if (level == "recommend") return "recommended";
  if (level == "consider") return "worth considering";
  if (level == "info") return "for information";
  return level == "urgent" ? "urgent" : "";
}

}  // namespace

std::string report_text(const json& r, bool color) {
  const char* bold = color ? "\x1b[1m" : "";
  const char* red = color ? "\x1b[1;31m" : "";
  const char* dim = color ? "\x1b[2m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  std::ostringstream out;
  const json& a = r.at("assessment");
  const Words& w = words_for(a.value("audience", std::string("self")));
  out << bold << a.at("title").get<std::string>() << reset << dim << "  (version " << a.at("version").get<std::string>()
      << ")" << reset << "\n\n";
  out << wrap(r.at("disclaimer").get<std::string>(), 0) << "\n";
  auto footer = [&] {
    out << dim << "Rule set " << a.at("id").get<std::string>() << " " << a.at("version").get<std::string>() << ", "
        << a.at("content_hash").get<std::string>().substr(0, 19) << reset << "\n";
  };

  const json& guidance = r.at("guidance");
  const json& undetermined = r.at("undetermined");
  const json* help = r.contains("urgent_help") && r.at("urgent_help").is_object() ? &r.at("urgent_help") : nullptr;
  // Nothing answered: say so, keep what safety needs, and stop.
  bool empty = r.contains("answers") && r.at("answers").value("answered", size_t(1)) == 0;
  if (empty) out << wrap(w.empty, 0) << "\n";
  bool urgent_open = false;
  for (const auto& u : undetermined)
    if (u.at("level") == "urgent") urgent_open = true;

  auto section = [&](const std::string& title) { out << bold << "== " << title << " ==" << reset << "\n\n"; };
  // The deployment's contacts for the topics of urgent guidance `id`.
  auto topic_contacts = [&](const json& g) {
    if (!help || !help->contains("topics")) return;
    for (const auto& t : help->at("topics")) {
      const json& ids = t.at("guidance");
      if (std::find(ids.begin(), ids.end(), g.at("id")) == ids.end()) continue;
      std::string title = t.contains("title") ? t.at("title").get<std::string>() : std::string(w.topic);
      if (!std::strchr(":?.", title.back())) title += ":";  // a heading over the contacts, as the default
      out << "  " << title << "\n";
      if (t.contains("text")) out << wrap(t.at("text").get<std::string>(), 4);
      out << contact_list(t.at("contacts"));
    }
  };
  // Text, steps (under `steps_heading` when there is one), reason and sources of one guidance.
  auto body = [&](const json& g, const char* steps_heading) {
    if (!g.at("text").get<std::string>().empty()) out << wrap(g.at("text").get<std::string>(), 2);
    if (!g.at("steps").empty() && *steps_heading) out << "  " << steps_heading << "\n";
    for (const auto& s : g.at("steps")) out << "    - " << wrap(s.get<std::string>(), 6).substr(6);
    if (g.at("level") == "urgent") topic_contacts(g);
    if (!g.at("because").get<std::string>().empty())
      out << dim << wrap(w.why + g.at("because").get<std::string>(), 2) << reset;
    out << dim << wrap("Source: " + cite_line(g.at("cites")), 2) << reset << "\n";
  };
  bool any_urgent = false;
  for (const auto& g : guidance) any_urgent = any_urgent || g.at("level") == "urgent";
  if (any_urgent || urgent_open) section(w.first);
  for (const auto& g : guidance) {
    if (g.at("level") != "urgent") continue;
    out << red << "! " << g.at("title").get<std::string>() << reset << "\n";
    body(g, "");
  }
  for (const auto& u : undetermined) {
    if (u.at("level") != "urgent") continue;
    out << red << "? " << u.at("title").get<std::string>() << reset << "\n";
    out << wrap(w.safety_open, 2) << "  " << w.not_answered << "\n" << missing_list(u.at("missing"));
    topic_contacts(u);
    out << "\n";
  }
  if (help) {
    out << bold << w.need_help << reset
        << (help->contains("region") ? " (" + help->at("region").get<std::string>() + ")" : std::string()) << "\n"
        << wrap(help->at("text").get<std::string>(), 2) << contact_list(help->at("contacts")) << "\n";
  }
  if (empty) {
    footer();
    return out.str();
  }

  bool any_other = false;
  for (const auto& g : guidance) any_other = any_other || g.at("level") != "urgent";
  if (any_other) section(w.help);
  for (const auto& g : guidance) {
    if (g.at("level") == "urgent") continue;
    out << bold << "* " << g.at("title").get<std::string>() << reset << dim << "  ("
        << level_words(g.at("level").get<std::string>()) << ")" << reset << "\n";
    body(g, w.steps);
  }

  bool any_open = false;
  for (const auto& u : undetermined) any_open = any_open || u.at("level") != "urgent";
  if (any_open) {
    section(w.open);
    for (const auto& u : undetermined) {
      if (u.at("level") == "urgent") continue;
      out << "* " << u.at("title").get<std::string>() << "\n"
          << "  " << w.depends << "\n"
          << missing_list(u.at("missing"));
      size_t more = u.value("more_missing", size_t(0));
      if (more) out << wrap(std::to_string(more) + (more == 1 ? " other question" : " other questions") + w.others, 2);
      out << "\n";
    }
  }

  bool any_signs = false;
  for (const auto& s : r.at("signs")) any_signs = any_signs || !s.at("endorsed").empty();
  if (any_signs) {
    section(w.signs);
    for (const auto& s : r.at("signs")) {
      if (s.at("endorsed").empty()) continue;
      out << s.at("title").get<std::string>() << " (" << s.at("endorsed").size() << " of " << s.at("asked").get<size_t>()
          << ")\n";
      for (const auto& e : s.at("endorsed"))
        out << wrap(e.at("prompt").get<std::string>() + " (" + e.at("label").get<std::string>() + ")", 4).replace(2, 2, "- ");
      out << "\n";
    }
  }
  if (guidance.empty() && undetermined.empty()) out << wrap(w.nothing, 0) << "\n";
  footer();
  return out.str();
}

}  // namespace signpost
