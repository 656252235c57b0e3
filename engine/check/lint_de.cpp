// The wording check in German (E042 for German texts): phrase-level, so that it flags few texts
// that are fine. A clause is a claim when it joins a subject (the person: "Sie", "du"; or the
// answers and results: "Ihre Antworten", "das Ergebnis") to a predicate of having or showing
// ("haben", "leiden an", "sind", "zeigen", "deuten auf") and a condition ("Depression",
// "...störung", "PTBS"); hedged labels ("Verdacht auf", "wahrscheinliche Depression") and
// "Ihre Diagnose" are claims anywhere. A question, a negation ("keine", "nicht") or a condition
// ("wenn", "falls", "ob") takes a clause back, as in English. The lists are data below; docs/language.md
// ("Wording check") describes them.
#include <algorithm>
#include <cctype>
#include <string>

#include "engine/check/lint.hpp"
#include "engine/source/text.hpp"

namespace signpost::lint {
namespace {

// Conditions: whole words, word beginnings ("depressi": depressiv, Depressionen) and endings
// (compounds: "Angststörung", "Belastungsstörungen", "Erschöpfungssyndrom").
const char* const kConditionsDe[] = {"ptbs", "kptbs", "adhs", "ocd", "borderline", "bipolar", "vaginismus",
                                     "dyspareunie", "anorgasmie", "krankheit", "krank", "sucht", "traumafolge"};
const char* const kConditionStartsDe[] = {"depressi", "psychose", "psychot", "schizophren", "traumatisiert",
                                          "süchtig", "alkoholabhängig", "suchtkrank", "dysfunktion"};
const char* const kConditionEndsDe[] = {"störung", "störungen", "syndrom", "syndroms", "erkrankung", "erkrankungen",
                                        "erkrankt", "depression", "depressionen"};

// Subjects: the person (or partner, or client) ...
const char* const kPersonSubjectsDe[] = {"sie", "du", "ihnen", "dir", "partner", "partnerin", "klient", "klientin"};
// ... and their answers, results or this check.
const char* const kResultSubjectsDe[] = {"antworten", "antwort", "ergebnis", "ergebnisse", "auswertung", "punktzahl",
                                         "punktwert", "wert", "werte", "summe", "profil", "muster", "check",
                                         "test", "fragebogen", "befund", "wir"};
// Predicates: having, suffering, being, showing.
const char* const kPredicatesDe[] = {
    "haben", "hast", "hat", "habe", "hatten", "leiden", "leidet", "leidest", "litten", "gelitten", "sind", "bist",
    "ist", "seid", "zeigen", "zeigt", "zeigte", "bestätigen", "bestätigt", "belegen", "belegt", "ergeben", "ergibt", "entsprechen", "entspricht", "erfüllen",
    "erfüllt", "diagnostizieren", "diagnostiziert", "feststellen", "festgestellt", "entwickelt",
    // "Bei Ihnen liegt eine PTBS vor", "es besteht eine Depression", "... auf eine PTBS hindeuten".
    "liegt", "liegen", "vorliegt", "vorliegen", "besteht", "bestehen", "hindeuten", "hindeutet", "hinweisen"};
// Claims anywhere, before a condition ("Verdacht auf PTBS") or on their own ("Ihre Diagnose").
const char* const kHedgesDe[] = {"verdacht", "wahrscheinliche", "wahrscheinlichen", "wahrscheinlicher",
                                 "vermutliche", "vermutlichen", "positiv", "hinweis"};
const char* const kDiagnosisPhrasesDe[][2] = {{"ihre", "diagnose"}, {"deine", "diagnose"}, {"diagnose", "lautet"}};
// What takes a clause back.
const char* const kNegationsDe[] = {"kein", "keine", "keinen", "keinem", "keiner", "nicht", "nie", "niemals", "ohne"};
// "Viele Menschen haben ...": about people in general, not the person.
const char* const kConditionalsDe[] = {"wenn", "falls", "ob", "sofern", "viele", "menschen"};
// Predicates that claim only with their particle: "sprechen für", "deuten auf", "weisen auf".
const char* const kWithParticleDe[][2] = {{"sprechen", "für"}, {"spricht", "für"}, {"deuten", "auf"},
                                          {"deutet", "auf"}, {"weisen", "auf"}, {"weist", "auf"},
                                          {"passen", "zu"}, {"passt", "zu"}};
// "Das klingt nach einer PTBS": a label put on what the person said, with or without a subject.
const char* const kSoundsLikeDe[][2] = {{"klingt", "nach"}, {"klingen", "nach"}, {"sieht", "nach"},
                                        {"aussehen", "nach"}, {"wirkt", "wie"}, {"wirken", "wie"}};

template <size_t N>
bool listed(const char* const (&list)[N], const std::string& w) {
  return std::any_of(std::begin(list), std::end(list), [&](const char* x) { return w == x; });
}

bool ends_with(const std::string& w, const std::string& e) {
  return w.size() >= e.size() && w.compare(w.size() - e.size(), e.size(), e) == 0;
}

bool condition_de(const std::string& w) {
  if (listed(kConditionsDe, w)) return true;
  for (const char* s : kConditionStartsDe)
    if (w.rfind(s, 0) == 0) return true;
  for (const char* e : kConditionEndsDe)
    if (ends_with(w, e)) return true;
  return false;
}

struct Word {
  std::string w;  // lower case (ASCII and the umlauts)
  size_t b, e;    // bytes of the original text
};

bool predicate_de(const std::vector<Word>& ws, size_t k, size_t e) {
  if (listed(kPredicatesDe, ws[k].w)) return true;
  for (const auto& p : kWithParticleDe)
    if (ws[k].w == p[0] && k + 1 < e && ws[k + 1].w == p[1]) return true;
  return false;
}

// Words (letters and digits, UTF-8 letters kept) and the punctuation that ends a clause or sentence.
std::vector<Word> words_de(std::string_view s) {
  std::vector<Word> out;
  std::string w;
  size_t b = 0;
  auto flush = [&](size_t e) {
    if (!w.empty()) out.push_back({w, b, e});
    w.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isalnum(c) || c >= 0x80) {
      if (w.empty()) b = i;
      if (c == 0xC3 && i + 1 < s.size()) {  // Ä Ö Ü -> ä ö ü
        unsigned char d = static_cast<unsigned char>(s[i + 1]);
        w += char(c);
        w += char(d == 0x84 ? 0xA4 : d == 0x96 ? 0xB6 : d == 0x9C ? 0xBC : d);
        ++i;
        continue;
      }
      w += char(std::tolower(c));
      continue;
    }
    flush(i);
    if (std::string_view(",.?!;:").find(char(c)) != std::string_view::npos) out.push_back({std::string(1, char(c)), i, i + 1});
  }
  flush(s.size());
  return out;
}

WordingIssue issue_de(std::string_view text, const Word& from, const Word& to, const std::string& why) {
  return {std::string(text.substr(from.b, to.e - from.b)), why,
          "sagen Sie, was die Antworten zeigen und wo es Unterstützung gibt, z. B. \"Einiges von dem, was Sie "
          "beschreiben, ist nach belastenden Erlebnissen häufig; eine Fachperson kann helfen, es einzuordnen\""};
}

// The claims of one clause (words [b, e) of a sentence that is not a question).
void clause_de(std::string_view text, const std::vector<Word>& ws, size_t b, size_t e, std::vector<WordingIssue>& out) {
  for (size_t k = b; k < e; ++k)
    if (listed(kNegationsDe, ws[k].w) || listed(kConditionalsDe, ws[k].w)) return;
  int subject = -1, predicate = -1;
  for (size_t k = b; k < e; ++k) {
    const std::string& w = ws[k].w;
    if (subject < 0 && (listed(kPersonSubjectsDe, w) || listed(kResultSubjectsDe, w))) subject = int(k);
    if (predicate < 0 && predicate_de(ws, k, e)) predicate = int(k);
    if (k + 1 < e)
      for (const auto& p : kDiagnosisPhrasesDe)
        if (w == p[0] && ws[k + 1].w == p[1]) {
          out.push_back(issue_de(text, ws[k], ws[k + 1], "'" + ws[k].w + " " + ws[k + 1].w + "' names a diagnosis"));
          return;
        }
    if (!condition_de(w)) continue;
    for (size_t h = b; h + 1 < k; ++h)
      for (const auto& p : kSoundsLikeDe)
        if (ws[h].w == p[0] && ws[h + 1].w == p[1]) {
          out.push_back(issue_de(text, ws[h], ws[k], "'" + ws[h].w + " " + p[1] + "' puts '" + w + "' (a condition) on the answers"));
          return;
        }
    for (size_t h = k > b + 2 ? k - 2 : b; h < k; ++h)
      if (listed(kHedgesDe, ws[h].w)) {
        out.push_back(issue_de(text, ws[h], ws[k], "'" + ws[h].w + "' makes '" + w + "' (a condition) a label"));
        return;
      }
    if (subject >= 0 && predicate >= 0) {
      const Word& from = ws[size_t(std::min(subject, predicate))];
      out.push_back(issue_de(text, from, ws[k],
                             "'" + ws[size_t(subject)].w + "' + '" + ws[size_t(predicate)].w + "' + '" + w +
                                 "' (a condition)"));
      return;
    }
    // Verb last ("..., dass Sie eine Depression haben"): a predicate after the condition.
    for (size_t h = k + 1; h < e && subject >= 0; ++h)
      if (predicate_de(ws, h, e)) {
        out.push_back(issue_de(text, ws[size_t(subject)], ws[h],
                               "'" + ws[size_t(subject)].w + "' + '" + w + "' (a condition) + '" + ws[h].w + "'"));
        return;
      }
  }
}

}  // namespace

std::vector<WordingIssue> diagnostic_wording_de(std::string_view text) {
  std::vector<WordingIssue> out;
  std::vector<Word> ws = words_de(text);
  size_t sentence = 0;
  for (size_t k = 0; k <= ws.size(); ++k) {
    bool end = k == ws.size() || ws[k].w == "." || ws[k].w == "!" || ws[k].w == "?" || ws[k].w == ";";
    if (!end) continue;
    if (k == ws.size() || ws[k].w != "?") {  // a question asks, it does not claim
      size_t clause = sentence;
      for (size_t c = sentence; c <= k; ++c)
        if (c == k || ws[c].w == "," || ws[c].w == ":") {
          clause_de(text, ws, clause, c, out);
          clause = c + 1;
        }
    }
    sentence = k + 1;
  }
  return out;
}

bool has_word_lists(const std::string& language) {
  std::string p = primary_language(language);
  return p == "en" || p == "de";
}

std::vector<WordingIssue> diagnostic_wording_in(const std::string& language, std::string_view text) {
  return primary_language(language) == "de" ? diagnostic_wording_de(text) : diagnostic_wording(text);
}

}  // namespace signpost::lint
