// The engine's own words in a report, per language: headings, fixed sentences, values in words
// and the default urgent-help text. Everything a person reads that the rule file does not say
// is written in English in the code and looked up, by its English text, in the language's
// message catalog: engine/report/words/LANG.po (GNU gettext, compiled into the engine; see
// docs/language.md, "Translations"). The tables below are the English ones and, for each
// catalog, the same looked up in it; the language is the model's the report is about. A language
// without a catalog is shown in English, and `signpost check` says so (W098,
// check/translations.cpp).
#pragma once
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "engine/check/model.hpp"

namespace signpost {

// The sentences that depend on who reads the report: the person who answered about themselves, a
// partner or carer (who may be at risk, or may be asked about their own behaviour, or may answer
// for someone else), or a practitioner writing about a client. `others_one` and `others_many`
// hold "{n}" for a number of questions.
struct Words {
  const char *first, *help, *open, *signs, *steps, *why, *safety_open, *not_answered, *depends, *others_one,
      *others_many, *need_help, *nothing, *empty, *topic;
};

struct Phrases {
  const char* language;  // the primary language subtag the table is for: "en", "de"
  Words self, partner, carer, practitioner;
  // Report frame: "(version 1.0)" in text, "Version 1.0" in HTML, "Source: ...", the footer's
  // "Rule set ID VERSION, HASH, language L", and "(3 of 5)" signs of a section.
  const char *version_lower, *version_title, *source, *rule_set, *language_word, *of;
  // A guidance level as the reader would say it.
  const char *recommend, *consider, *info, *urgent;
  // A value in words, inside a `because` text ("between 2 and 5").
  const char *not_asked, *not_answered, *not_applicable, *yes, *no, *unknown, *up_to, *at_least, *between, *and_;
  const char* decimal_mark;  // "." or ",": one character
  // The default urgent-help text (report/resources.hpp), per reader: it names no number or
  // service, since a language is not a place; a deployment gives its own contacts.
  const char *urgent_person, *urgent_practitioner, *urgent_partner, *urgent_carer;
};

// The table for `language` (a BCP 47 tag, any case; "de-AT" uses "de"), or English when there is none.
const Phrases& phrases_for(const std::string& language);
// Every table, English first.
const std::vector<const Phrases*>& phrase_tables();
// Whether the engine has its own words in `language` (otherwise reports mix in English).
bool has_phrases(const std::string& language);

const Words& words_for(const std::string& audience, const std::string& language = "en");

// A guidance level as the reader would say it ("worth considering").
const char* level_words(model::Level level, const std::string& language = "en");

// "{n} other questions ..." with the number filled in, singular or plural.
std::string others_sentence(const Words& w, size_t n);

// A number's text ("20.4") with the decimal mark of `p`'s language ("20,4" in German).
std::string with_decimal_mark(std::string number, const Phrases& p);

// `text` with each "{name}" of `values` replaced by its value; a value is not searched again.
std::string fill(const std::string& text, std::initializer_list<std::pair<const char*, std::string>> values);

// ---- the catalogs ---------------------------------------------------------------------------

// `english` in `language` (a BCP 47 tag; "de-AT" uses de.po): its msgstr in that language's
// catalog, in context `context` (its msgctxt) where one English text needs two renderings there;
// `english` itself in English, in a language without a catalog, and when the catalog lacks it.
const char* tr(const std::string& language, const char* english, const char* context = nullptr);

// tr() with each "{name}" of the text replaced by its value: a sentence whose word order differs
// between languages is one text, "{a} is less than {b}". A value is not searched again.
std::string tr_fill(const std::string& language, const char* english,
                    std::initializer_list<std::pair<const char*, std::string>> values);

// The languages with a catalog ("de"), in the order of phrase_tables() after English.
std::vector<std::string> catalog_languages();

// Every text looked up so far, in a language with a catalog, that its catalog lacks (or leaves
// untranslated): "de: English", or "de: context | English". For the tests.
std::vector<std::string> catalog_misses();

}  // namespace signpost
