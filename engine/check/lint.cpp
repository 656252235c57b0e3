// The wording check: normalise a text into words, split it into sentences and clauses, and
// find claims (who, what is claimed, which condition) that no negation, condition, question
// or report takes back. Every step is a bounded look around one word, so the check is linear.
#include "engine/check/lint.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

namespace signpost::lint {
namespace {

#include "engine/check/wording_terms.inc"

struct Tok {
  std::string w;        // lower case; punctuation is one of , . ? ! ; :
  size_t b = 0, e = 0;  // bytes of the original text
  bool joined = false;  // follows a hyphen inside a word ("check-in": "in")
};

bool is_punct(const Tok& t) { return t.w.size() == 1 && std::string_view(",.?!;:").find(t.w[0]) != std::string_view::npos; }

// ---- normalisation -----------------------------------------------------------------------
uint32_t decode(std::string_view s, size_t i, size_t& len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (i + n > s.size()) n = 1;
  uint32_t cp = n == 1 ? c : c & (0x3F >> (n - 1));
  for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  len = n;
  return cp;
}
bool space_cp(uint32_t c) {
  return c == ' ' || (c >= 9 && c <= 13) || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}
bool invisible_cp(uint32_t c) { return c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF; }
bool apostrophe_cp(uint32_t c) { return c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x02BC || c == 0x2032; }
bool hyphen_cp(uint32_t c) { return c == '-' || (c >= 0x2010 && c <= 0x2013) || c == 0x2212; }
bool word_cp(uint32_t c) { return (c < 0x80 && std::isalnum(static_cast<int>(c))) || (c >= 0xC0 && !space_cp(c) && c < 0x2000); }

// Contractions: "you've" -> you have, "doesn't" -> does not, "partner's" -> partner 's.
void push_word(std::vector<Tok>& out, std::string w, size_t b, size_t e, bool joined) {
  auto add = [&](std::string x) { out.push_back({std::move(x), b, e, joined}); };
  size_t q = w.find('\'');
  if (q == std::string::npos) return add(w);
  std::string base = w.substr(0, q), rest = w.substr(q);
  if (w == "can't") return add("can"), add("not");
  if (w == "won't") return add("will"), add("not");
  if (w == "shan't") return add("shall"), add("not");
  if (rest == "'t" && base.size() > 1 && base.back() == 'n') return add(base.substr(0, base.size() - 1)), add("not");
  static const std::pair<const char*, const char*> kSuffix[] = {{"'ve", "have"}, {"'re", "are"}, {"'ll", "will"},
                                                              {"'d", "would"}, {"'m", "am"}};
  for (auto& [suf, full] : kSuffix)
    if (rest == suf) return add(base), add(full);
  if (rest == "'s") {
    static const std::unordered_set<std::string> kIs = {"it", "that", "there", "what", "here", "who", "he", "she", "where"};
    return add(base), add(kIs.count(base) ? "is" : "'s");
  }
  add(base);
}

std::vector<Tok> tokenise(std::string_view s) {
  std::vector<Tok> out;
  std::string w;
  size_t wb = 0, we = 0, len = 0;
  bool joined = false, next_joined = false;
  auto flush = [&] {
    if (!w.empty()) push_word(out, w, wb, we, joined);
    w.clear();
    joined = next_joined;
    next_joined = false;
  };
  auto peek_word = [&](size_t j) {
    size_t l = 0;
    return j < s.size() && word_cp(decode(s, j, l));
  };
  for (size_t i = 0; i < s.size(); i += len) {
    uint32_t c = decode(s, i, len);
    if (invisible_cp(c)) continue;
    if (word_cp(c)) {
      if (w.empty()) wb = i;
      if (c < 0x80) w += static_cast<char>(std::tolower(static_cast<int>(c)));
      else w.append(s.substr(i, len));
      we = i + len;
      continue;
    }
    if (apostrophe_cp(c) && !w.empty() && peek_word(i + len)) {
      w += '\'';
      continue;
    }
    if (hyphen_cp(c) && !w.empty() && peek_word(i + len)) {  // a hyphen inside a word splits it
      next_joined = true;
      flush();
      continue;
    }
    flush();
    joined = false;
    char p = 0;
    if (c == '.' && ((i + 1 < s.size() && s[i + 1] == '.') || (i > 0 && s[i - 1] == '.'))) p = ',';  // "..."
    else if (c == 0x2026 || c == 0x2014 || c == 0x2015 || hyphen_cp(c)) p = ',';  // a pause, not an end
    else if (c < 0x80 && std::string_view(",.?!;:").find(static_cast<char>(c)) != std::string_view::npos) p = static_cast<char>(c);
    if (p && !(p == ',' && !out.empty() && out.back().w == ",")) out.push_back({std::string(1, p), i, i + len, false});
  }
  flush();
  // Dotted abbreviations: "p . t . s . d" -> "ptsd" (the last dot stays: it may end the sentence).
  std::vector<Tok> merged;
  for (size_t k = 0; k < out.size(); ++k) {
    size_t j = k;
    std::string abbr;
    while (j + 2 < out.size() && out[j].w.size() == 1 && std::isalpha(static_cast<unsigned char>(out[j].w[0])) &&
           out[j + 1].w == "." && out[j + 2].w.size() == 1 && std::isalpha(static_cast<unsigned char>(out[j + 2].w[0])))
      abbr += out[j].w, j += 2;
    if (abbr.empty()) {
      merged.push_back(out[k]);
      continue;
    }
    abbr += out[j].w;
    merged.push_back({abbr, out[k].b, out[j].e, false});
    k = j;
  }
  return merged;
}

// ---- word lists ---------------------------------------------------------------------------
using Phrase = std::vector<std::string>;

Phrase parts_of(const std::string& term) {
  Phrase p;
  for (const Tok& t : tokenise(term))
    if (!is_punct(t)) p.push_back(t.w);
  return p;
}
template <size_t N>
std::vector<Phrase> phrases(const char* const (&list)[N]) {
  std::vector<Phrase> v;
  for (const char* s : list) v.push_back(parts_of(s));
  std::stable_sort(v.begin(), v.end(), [](const Phrase& a, const Phrase& b) { return a.size() > b.size(); });
  return v;  // longest first: "complex ptsd" before "ptsd"
}
struct Lists {
  std::vector<Phrase> conditions = phrases(kConditions), predicates = phrases(kPredicates),
                      not_negations = phrases(kNotNegations);
  std::unordered_map<const void*, std::unordered_set<std::string>> sets;  // each word list, as a set
  template <size_t N>
  void set(const char* const (&list)[N]) { sets[list] = {std::begin(list), std::end(list)}; }
  Lists() {
    set(kPersonSubjects), set(kResultSubjects), set(kNotThePerson), set(kHedgesBefore), set(kHedgesAfter);
    set(kLabelHedges), set(kLabelNouns), set(kNegations), set(kConditionals), set(kReporting), set(kBreakers);
  }
};
const Lists& lists() {
  static const Lists l;
  return l;
}
template <size_t N>
bool in(const char* const (&list)[N], const std::string& w) {
  return lists().sets.at(list).count(w) > 0;
}

// The longest phrase of `list` at each token (0: none). Phrases are words only, so none
// reaches across a sentence end.
std::vector<uint8_t> matches(const std::vector<Tok>& t, const std::vector<Phrase>& list, bool plural) {
  std::vector<uint8_t> out(t.size(), 0);
  for (size_t k = 0; k < t.size(); ++k)
    for (const Phrase& p : list) {
      size_t i = 0;
      for (; i < p.size() && k + i < t.size(); ++i) {
        const std::string& x = t[k + i].w;
        bool last = i + 1 == p.size();
        if (x != p[i] && !(plural && last && x.size() == p[i].size() + 1 && x.back() == 's' &&
                           x.compare(0, p[i].size(), p[i]) == 0))
          break;
      }
      if (i == p.size()) {
        out[k] = static_cast<uint8_t>(p.size());
        break;  // longest first
      }
    }
  return out;
}

// ---- one sentence -------------------------------------------------------------------------
struct Finding {
  size_t from, to;  // token range of the claim
  size_t cond;      // token where the condition starts (one finding per condition)
  std::string why;
};

// How far back the exemptions look for their words, at most.
constexpr size_t kReach = 40;

struct Sentence {
  const std::vector<Tok>& t;
  size_t b, e;  // tokens [b, e), the sentence's end punctuation excluded
  bool question;
  const std::vector<uint8_t>& cond_len;  // matches() of the conditions and the predicates
  const std::vector<uint8_t>& pred_len;
  std::vector<Finding>& out;
  size_t first;  // this sentence's findings start at out[first]

  const std::string& w(size_t k) const {
    static const std::string none;
    return k >= b && k < e ? t[k].w : none;
  }
  size_t match(size_t k, const Phrase& p) const {
    for (size_t i = 0; i < p.size(); ++i)
      if (w(k + i) != p[i]) return 0;
    return p.size();
  }
  size_t condition(size_t k) const { return k >= b && k < e ? cond_len[k] : 0; }
  // A condition and the conditions right after it: "dissociative disorder", "post traumatic stress disorder".
  size_t condition_span(size_t k) const {
    size_t n = 0;
    while (size_t m = condition(k + n)) n += m;
    return n;
  }
  size_t predicate(size_t k) const { return k >= b && k < e ? pred_len[k] : 0; }
  std::string words(size_t from, size_t to) const {
    std::string s;
    for (size_t k = from; k < to; ++k)
      if (!is_punct(t[k])) s += (s.empty() ? "" : " ") + t[k].w;
    return "'" + s + "'";
  }

  // "you", "your answers", "the client", "these results": a subject about the person.
  bool subject(size_t k) const {
    const std::string& x = w(k);
    if (in(kPersonSubjects, x) || in(kResultSubjects, x)) {
      const std::string& before = w(k - 1);  // "my partner has PTSD" is the person's own words
      return before != "my" && before != "our" && before != "i";
    }
    if (x == "your") return !in(kNotThePerson, w(k + 1));
    return false;
  }
  bool tool_or_we(size_t k) const {
    const std::string& x = w(k);
    return in(kResultSubjects, x) || x == "it" || x == "us";
  }

  // ---- exemptions: negated, conditional, a question, or someone else's words -------------
  bool negation_at(size_t k) const {
    if (!in(kNegations, w(k))) return false;
    if (w(k) == "rather" && w(k + 1) != "than") return false;
    for (const Phrase& p : lists().not_negations)
      if (match(k, p)) return false;
    return true;
  }
  // A clause ends at a comma (unless it closes a parenthesis), `but` and the like.
  bool clause_break(size_t k) const {
    const std::string& x = w(k);
    return x == "," || x == ":" || x == "but" || x == "however" || x == "yet" || x == "although" || x == "though";
  }
  // `pred`: where the words making the claim start; a condition or report before them takes it back.
  bool exempt(size_t from, size_t pred, size_t to) const {
    if (question) return true;
    size_t start = from;  // at most kReach words back, so that a long text stays linear
    while (start > b && start + kReach > from && !clause_break(start - 1)) --start;
    for (size_t k = start; k < to; ++k) {
      if (negation_at(k)) return true;
      if (k < pred && in(kConditionals, w(k)) && !tool_asks(k)) return true;
      if (k < pred && in(kReporting, w(k)) && !said_by_check(k, start)) return true;
    }
    return false;
  }
  // "this test will tell you if you have PTSD": the check itself answers the question.
  bool tool_asks(size_t k) const {
    for (size_t j = k; j > b && j + 4 > k; --j) {
      const std::string& v = w(j - 1);
      if (v == "tell" || v == "tells" || v == "show" || v == "shows" || v == "detect" || v == "detects" || v == "say" ||
          v == "says")
        return said_by_check(j - 1, b);
    }
    return false;
  }
  // The nearest subject before a verb of saying: this check, its results, or "we"?
  bool said_by_check(size_t verb, size_t start) const {
    for (size_t j = verb; j > start; --j) {
      const std::string& x = w(j - 1);
      if (tool_or_we(j - 1)) return true;
      if (x == "you" || x == "they" || x == "i" || x == "people" || x == "someone" || x == "client" || x == "partner" ||
          x == "professional" || x == "doctor" || x == "gp")
        return false;
    }
    return false;
  }

  // ---- the stretch between a predicate and its condition --------------------------------
  // Returns the condition's token, or 0 when a breaker comes first (at most six words).
  size_t condition_after(size_t k) const {
    size_t words = 0;
    while (k < e && words <= 6) {
      if (condition(k)) return k;
      const std::string& x = w(k);
      if (x == ",") {  // a parenthesis: ", based on these answers,"
        size_t j = k + 1;
        while (j < e && j < k + 9 && w(j) != ",") ++j;
        k = (j < e && w(j) == ",") ? j + 1 : k + 1;
        continue;
      }
      if (is_punct(t[k])) return 0;
      if (in(kBreakers, x) && !t[k].joined && !breaker_allowed(k)) return 0;
      ++k, ++words;
    }
    return 0;
  }
  bool breaker_allowed(size_t k) const {
    const std::string& x = w(k), &prev = w(k - 1);
    if (x == "for")
      return prev == "criteria" || prev == "criterion" || prev == "threshold" || prev == "off" || prev == "range" ||
             prev == "positive" || prev == "boxes" || prev == "diagnosis" || prev == "screen";
    if (x == "in" && w(k + 1) == "line") return true;  // "in line with"
    if (x == "in" || x == "into" || x == "at" || x == "within")
      for (size_t j = k + 1; j < k + 5; ++j) {
        const std::string& y = w(j);
        if (y == "range" || y == "group" || y == "category" || y == "stage" || y == "band" || y == "zone") return true;
      }
    return false;
  }

  // "have" before a past participle is an auxiliary ("you may have heard of PTSD").
  bool auxiliary(size_t k, size_t n) const {
    const std::string& x = w(k);
    bool have = x == "have" || x == "has" || x == "got" || x == "having";
    bool be = x == "is" || x == "are" || x == "am" || x == "be";
    if (!have && !be) return false;
    size_t j = k + n;
    static const std::unordered_set<std::string> kAdverbs = {"ever", "already", "also", "just", "recently", "previously",
                                                             "once", "still", "really", "probably", "likely", "since"};
    while (kAdverbs.count(w(j))) ++j;
    if (w(j) == "got") return false;  // "have got"
    const std::string& y = w(j);
    if (y == "been" || y == "being") return true;
    if (condition(j)) return false;   // "are traumatised"
    if (predicate(j)) return true;    // "have developed", "are suffering from": the next word claims
    static const std::unordered_set<std::string> kParticiples = {
        "heard", "read", "seen", "done", "had", "made", "told", "said", "known", "given", "taken", "felt", "kept",
        "left", "thought", "become", "begun", "come", "grown", "gone", "brought", "caught", "taught", "lost", "won",
        "written", "spoken", "chosen", "hidden", "held", "hurt", "led", "sent", "spent", "stood", "understood", "able"};
    bool ed = y.size() > 3 && y.compare(y.size() - 2, 2, "ed") == 0;
    bool ing = be && y.size() > 4 && y.compare(y.size() - 3, 3, "ing") == 0;
    return kParticiples.count(y) || ed || ing;
  }

  // Records a claim unless something takes it back; true either way (the words were a claim's).
  bool add(size_t from, size_t to, size_t cond, std::string why, size_t pred = SIZE_MAX) {
    if (exempt(from, pred == SIZE_MAX ? from : pred, cond)) return true;
    for (size_t i = first; i < out.size(); ++i)
      if (out[i].cond == cond) return true;
    out.push_back({from, to, cond, std::move(why)});
    return true;
  }

  // ---- the claims ----------------------------------------------------------------------
  // A subject, then (within six words) a predicate, then (within six more) a condition.
  void claims(size_t cb, size_t ce) {
    for (size_t s = cb; s < ce; ++s) {
      if (!subject(s)) continue;
      size_t k = s + (w(s) == "your" ? 2 : 1), gap = 0;
      while (k < ce && gap <= 6) {
        if (w(k) == ",") {  // "you, like many survivors, have"
          size_t j = k + 1;
          while (j < ce && j < k + 9 && w(j) != ",") ++j;
          if (j < ce && w(j) == ",") { k = j + 1; continue; }
        }
        static const std::unordered_set<std::string> kStop = {"that", "whether", "if", "and", "but", "who", "whom", "which", "whose"};
        if (is_punct(t[k]) || kStop.count(w(k))) break;  // a new clause: its own subject comes first
        if (k > s + 1 && subject(k) && !subject(k - 1)) break;  // "your answers tell us you have ...": the nearer subject
        size_t n = predicate(k);
        if (n && !auxiliary(k, n)) {
          size_t c = condition_after(k + n);
          if (c) {
            size_t cn = condition_span(c);
            add(s, c + cn, c,
                words(s, s + (w(s) == "your" ? 2 : 1)) +
                    (in(kPersonSubjects, w(s)) ? " is the person, " : " is about the person's answers or this check, ") +
                    words(k, k + n) +
                    " claims something of them, and " + words(c, c + cn) + " names a condition",
                k);
          }
          break;
        }
        ++k, ++gap;
      }
    }
  }

  // "probable PTSD", "PTSD likely", "Severe PTSD" (as a heading), "Diagnosis: PTSD", "your PTSD".
  void labels() {
    for (size_t k = b; k < e; ++k)
      if (size_t cn = condition_span(k)) {
        label(k, cn);
        k += cn - 1;
      }
  }
  bool label(size_t k, size_t cn) {
    for (size_t h = k; h > b && h + 4 > k; --h) {  // hedge before: up to three words between
      if (in(kHedgesBefore, w(h - 1)) && w(h - 2) != "more" && w(h - 2) != "less" && w(h - 2) != "not")
        return add(h - 1, k + cn, k, words(h - 1, k + cn) + " labels the person with a condition");
      if (is_punct(t[h - 1]) || (in(kBreakers, w(h - 1)) && !breaker_allowed(h - 1))) break;
    }
    if (k > b && in(kLabelHedges, w(k - 1)) && k - 1 == b)
      return add(k - 1, k + cn, k, words(k - 1, k + cn) + " as a heading labels the person with a condition");
    for (size_t j = k + cn; j < e && j < k + cn + 4; ++j) {  // hedge after: "PTSD is the most likely"
      if (in(kHedgesAfter, w(j)) && w(j - 1) != "more" && w(j - 1) != "less")
        return add(k, j + 1, k, words(k, j + 1) + " says the person has the condition");
      static const std::unordered_set<std::string> kFill = {"is", "are", ":", "the", "most", "very", "highly", "seems", "appears", "to", "be"};
      if (!kFill.count(w(j))) break;
    }
    for (size_t j = k; j > b && j + 4 > k; --j)  // "Diagnosis: PTSD", "Result: probable PTSD"
      if (w(j - 1) == ":" && j >= b + 2 && in(kLabelNouns, w(j - 2)))
        return add(j - 2, k + cn, k, words(j - 2, k + cn) + " gives a condition as the result");
    for (size_t j = k; j > b && j + 4 > k; --j) {  // "your PTSD", "the client's depression"
      const std::string& x = w(j - 1);
      if (x == "your" || (x == "'s" && (w(j - 2) == "client" || w(j - 2) == "partner")))
        return add(j - 1, k + cn, k, words(j - 1, k + cn) + " takes for granted that the person has the condition");
      if (predicate(j - 1) || is_punct(t[j - 1]) || in(kBreakers, x)) break;
    }
    return false;
  }

  // "this check diagnoses ...", "you would be diagnosed with ...", "a doctor would diagnose you".
  void diagnoses() {
    for (size_t k = b; k < e; ++k) {
      const std::string& x = w(k);
      if (x != "diagnose" && x != "diagnoses" && x != "diagnosed" && x != "diagnosing") continue;
      std::string why = words(k, k + 1) + " says that someone diagnoses the person from these answers";
      for (size_t j = k; j > b && j + 4 > k; --j) {
        const std::string& p = w(j - 1);
        if ((p == "check" || p == "screen" || p == "test" || p == "questionnaire" || p == "tool" || p == "quiz" ||
             p == "app" || p == "this" || p == "it" || p == "we") &&
            x != "diagnosed")
          return (void)add(j - 1, k + 1, k, words(j - 1, k + 1) + " says this check diagnoses");
        if ((p == "would" || p == "will") && (w(k + 1) == "you" || w(k + 1) == "your" || w(k + 1) == "the"))
          return (void)add(j - 1, k + 2, k, why);
        if (x == "diagnosed" && (p == "is" || p == "are" || p == "am" || p == "be") && j + 1 > b &&
            std::any_of(t.begin() + std::max(b, j > kReach ? j - kReach : 0), t.begin() + j, [&](const Tok& q) { return q.w == "you" || q.w == "they" || q.w == "client" || q.w == "partner"; }))
          return (void)add(j - 1, k + 1, k, words(j - 1, k + 1) + " says the person is diagnosed");
        if (p == "been" || p == "was" || p == "were" || p == "has" || p == "have" || p == "had" || is_punct(t[j - 1])) break;
      }
    }
  }

  void run() {
    // The claims are found clause by clause (a colon ends a clause); the labels sentence-wide.
    size_t cb = b;
    for (size_t k = b; k <= e; ++k)
      if (k == e || w(k) == ":") claims(cb, k), cb = k + 1;
    labels();
    diagnoses();
  }
};

}  // namespace

std::vector<WordingIssue> diagnostic_wording(std::string_view text, const std::vector<std::string>& extra_conditions) {
  std::vector<Tok> t = tokenise(text);
  std::vector<Phrase> conditions = lists().conditions;
  for (const std::string& c : extra_conditions)
    if (Phrase p = parts_of(c); !p.empty()) conditions.push_back(p);
  std::stable_sort(conditions.begin(), conditions.end(), [](const Phrase& a, const Phrase& c) { return a.size() > c.size(); });

  std::vector<uint8_t> cond_len = matches(t, conditions, true), pred_len = matches(t, lists().predicates, false);
  std::vector<Finding> found;
  size_t b = 0;
  for (size_t k = 0; k <= t.size(); ++k) {
    bool end = k == t.size() || t[k].w == "." || t[k].w == "?" || t[k].w == "!" || t[k].w == ";";
    if (!end) continue;
    size_t before = found.size();
    Sentence s{t, b, k, k < t.size() && t[k].w == "?", cond_len, pred_len, found, before};
    s.run();
    std::sort(found.begin() + before, found.end(), [](const Finding& x, const Finding& y) { return x.from < y.from; });
    b = k + 1;
  }
  std::vector<WordingIssue> out;
  for (const Finding& f : found)
    out.push_back({std::string(text.substr(t[f.from].b, t[f.to - 1].e - t[f.from].b)), f.why,
                   "say what the answers show and where support is, e.g. \"Some of what you describe is common after "
                   "trauma; a professional can help you understand it\""});
  return out;
}

std::vector<VisibleText> visible_texts(const std::vector<ast::File>& files) {
  std::vector<VisibleText> out;
  auto add = [&](const ast::Str& s, const char* where) { out.push_back({&s, where}); };
  for (size_t f = 0; f < files.size(); ++f)
    for (const ast::Decl& decl : files[f].decls) {
      if (const auto* x = std::get_if<ast::ScaleDecl>(&decl)) {
        if (x->title) add(*x->title, "a scale title");
        for (const auto& o : x->options)
          if (o.label) add(*o.label, "an option label");
      }
      if (f + 1 < files.size()) continue;
      if (const auto* x = std::get_if<ast::AssessmentDecl>(&decl)) add(x->title, "the assessment title");
      if (const auto* x = std::get_if<ast::DisclaimerDecl>(&decl)) add(x->text, "the disclaimer");
      if (const auto* x = std::get_if<ast::SectionDecl>(&decl)) add(x->title, "a section title");
      if (const auto* x = std::get_if<ast::ItemDecl>(&decl)) {
        add(x->prompt, "an item prompt");
        if (x->help) add(*x->help, "an item's help");
      }
      if (const auto* x = std::get_if<ast::BandDecl>(&decl))
        for (const auto& r : x->rows) add(r.label, "a band label");
      if (const auto* x = std::get_if<ast::TableDecl>(&decl))
        for (const auto& o : x->outcomes) add(o.label, "a table's outcome label");
      if (const auto* x = std::get_if<ast::GuidanceDecl>(&decl)) {
        if (x->title) add(*x->title, "a guidance title");
        if (x->text) add(*x->text, "a guidance text");
        for (const auto& s : x->steps) add(s.text, "a step");
        if (x->because) add(*x->because, "a `because` text");
      }
    }
  return out;
}

std::vector<std::string> wording_conditions(const std::vector<ast::File>& files) {
  std::vector<std::string> out;
  if (!files.empty())
    for (const ast::Decl& decl : files.back().decls)
      if (const auto* x = std::get_if<ast::AssessmentDecl>(&decl))
        for (const auto& s : x->wording_conditions) out.push_back(s.text);
  return out;
}

std::vector<std::string> condition_terms() { return {std::begin(kConditions), std::end(kConditions)}; }
std::vector<std::string> predicates() { return {std::begin(kPredicates), std::end(kPredicates)}; }
std::vector<std::string> negations() { return {std::begin(kNegations), std::end(kNegations)}; }

}  // namespace signpost::lint
