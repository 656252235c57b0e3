// The non-diagnostic wording lint.
#include "engine/check/lint.hpp"

#include <algorithm>
#include <cctype>

namespace signpost::lint {

const std::vector<std::string>& claim_phrases() {
  static const std::vector<std::string> v = {
      "you have", "you've got", "you have got", "you suffer from", "you are suffering from",
      "you're suffering from", "you likely have", "you probably have", "you may have", "you might have",
      "you could have", "you meet criteria for", "you meet the criteria for", "you have developed",
      "you are", "you're", "your partner has", "your partner is", "the client has", "the client is",
      "the person has", "they have", "this means you have", "shows that you have", "indicates",
      "confirms", "consistent with", "signs of", "symptoms of", "you show"};
  return v;
}

const std::vector<std::string>& condition_terms() {
  static const std::vector<std::string> v = {
      "ptsd", "c-ptsd", "cptsd", "complex ptsd", "post-traumatic stress", "posttraumatic stress",
      "disorder", "depression", "depressive", "bipolar", "borderline", "bpd", "psychosis", "psychotic",
      "mental illness", "mentally ill", "dissociative identity", "traumatized", "traumatised",
      "dysfunction", "vaginismus", "dyspareunia", "anorgasmia", "hypoactive", "trauma bond",
      "attachment disorder", "personality disorder"};
  return v;
}

const std::vector<std::string>& negations() {
  static const std::vector<std::string> v = {"not", "no", "non", "never", "cannot", "can't", "isn't",
                                             "doesn't", "don't", "won't", "nor", "neither", "without"};
  return v;
}

namespace {

struct Word {
  std::string text;  // lower case; apostrophes kept
  size_t begin, end;
};

// Words and sentence ends of a text.
std::vector<std::vector<Word>> sentences(std::string_view text) {
  std::vector<std::vector<Word>> out(1);
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c) || c >= 0x80) {
      size_t b = i;
      std::string w;
      while (i < text.size()) {
        unsigned char d = static_cast<unsigned char>(text[i]);
        bool apostrophe = (d == '\'' && i + 1 < text.size() && std::isalpha(static_cast<unsigned char>(text[i + 1])));
        if (text.compare(i, 3, "\xE2\x80\x99") == 0) {  // typographic apostrophe
          w += '\'';
          i += 3;
        } else if (std::isalnum(d) || d >= 0x80 || apostrophe) {
          w += static_cast<char>(std::tolower(d));
          ++i;
        } else {
          break;
        }
      }
      out.back().push_back({w, b, i});
      continue;
    }
    // Clauses end at sentence punctuation and commas: a negation only reaches within its clause.
    if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':' || c == ',' || c == '\n') {
      if (!out.back().empty()) out.emplace_back();
    }
    ++i;
  }
  return out;
}

// Does `phrase` (space separated) match the words starting at k? Returns its length in words.
size_t match(const std::vector<Word>& words, size_t k, const std::string& phrase) {
  size_t n = 0, p = 0;
  while (p < phrase.size()) {
    size_t q = phrase.find_first_of(" -", p);
    if (q == std::string::npos) q = phrase.size();
    std::string part = phrase.substr(p, q - p);
    if (k + n >= words.size() || words[k + n].text != part) return 0;
    ++n;
    p = q + 1;
  }
  return n;
}

// A negation within the five words before position k, in the same clause.
bool negated_before(const std::vector<Word>& words, size_t k) {
  for (size_t j = k > 5 ? k - 5 : 0; j < k; ++j)
    for (const auto& neg : negations())
      if (words[j].text == neg) return true;
  return false;
}

}  // namespace

std::vector<WordingIssue> diagnostic_wording(std::string_view text) {
  std::vector<WordingIssue> out;
  for (const auto& words : sentences(text)) {
    size_t covered = 0;  // words already inside a reported phrase
    for (size_t k = 0; k < words.size(); ++k) {
      if (k < covered) continue;
      // "diagnose", "diagnosis", "diagnosed", "diagnostic"...
      if (words[k].text.rfind("diagnos", 0) == 0 && !negated_before(words, k)) {
        out.push_back({std::string(text.substr(words[k].begin, words[k].end - words[k].begin)),
                       "speaks of diagnosing; signpost results suggest and explain, they never diagnose"});
        continue;
      }
      for (const auto& claim : claim_phrases()) {
        size_t n = match(words, k, claim);
        if (n == 0) continue;
        // a condition term within the next six words
        for (size_t j = k + n; j < std::min(words.size(), k + n + 6); ++j) {
          for (const auto& term : condition_terms()) {
            size_t m = match(words, j, term);
            if (m == 0) continue;
            if (negated_before(words, j)) continue;
            size_t b = words[k].begin, e = words[j + m - 1].end;
            out.push_back({std::string(text.substr(b, e - b)),
                           "names a condition the person is said to have; describe signs and suggest support instead"});
            covered = j + m;
            j = words.size();
            break;
          }
        }
        break;
      }
    }
  }
  return out;
}

}  // namespace signpost::lint
