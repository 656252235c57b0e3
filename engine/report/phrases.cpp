// The engine's own words per language: one table each, English first (the fallback). A new
// language is a new table here; tests/report_test.cpp checks that every table fills every phrase.
// The German texts, above all the default urgent-help texts, are a first draft to be reviewed by
// a native speaker and a clinician before a German deployment relies on them.
#include "engine/report/phrases.hpp"

#include "engine/source/text.hpp"

namespace signpost {
namespace {

// Another reader's words: `self`'s but for the note on unanswered safety questions and the
// heading of urgent help.
constexpr Words but_for(Words self, const char* safety_open, const char* need_help) {
  self.safety_open = safety_open;
  self.need_help = need_help;
  return self;
}

constexpr Words kSelfEn = {
    "Please read this first",
    "What may help",
    "We could not tell",
    "Signs you recognised",
    "Things you could try:",
    "Why you are seeing this: ",
    "Some safety questions were not answered, so we cannot tell whether this applies to you.",
    "Not answered:",
    "This depends on questions you did not answer:",
    "{n} other question you did not answer could not settle this on their own.",
    "{n} other questions you did not answer could not settle this on their own.",
    "If you need help now",
    "None of the guidance in this check-in applies to your answers.",
    "You did not answer any of the questions, so this check-in has nothing to tell you yet. Every question can "
    "be left unanswered; answer the ones you are comfortable with to see what may help.",
    "Who can help with this:"};

constexpr Words kPartnerEn = but_for(kSelfEn,
                                     "Some questions about safety in your relationship were not answered, so we "
                                     "cannot tell whether this applies.",
                                     "If anyone needs help now");

constexpr Words kCarerEn = but_for(
    kSelfEn, "Some questions about safety were not answered, so we cannot tell whether this applies.", kPartnerEn.need_help);

constexpr Words kPractitionerEn = {
    "Read this first",
    "Suggestions",
    "Not determined",
    "Presentations recorded",
    "Possible steps:",
    "Why this is shown: ",
    "Some safety questions were not answered, so it is not known whether this applies to the client.",
    "Not answered:",
    "This depends on questions not answered:",
    "{n} other question not answered could not settle this on their own.",
    "{n} other questions not answered could not settle this on their own.",
    "If the client needs help now",
    "None of the guidance in this rule set applies to the answers recorded.",
    "No answers were recorded, so there is nothing to report yet.",
    "Who can help with this:"};

const Phrases kEnglish = {
    "en", kSelfEn, kPartnerEn, kCarerEn, kPractitionerEn,
    "version", "Version", "Source: ", "Rule set ", ", language ", " of ",
    "recommended", "worth considering", "for information", "urgent",
    "not asked", "not answered", "not applicable", "yes", "no", "unknown", "up to ", "at least ", "between ", " and ", ".",
    "If you are in danger right now, contact your local emergency services. If you can, tell someone you trust "
    "what is happening. A doctor or another qualified professional can help you find support near you.",
    "If the client may be in danger now, follow your service's emergency and safeguarding procedures, and help "
    "them reach local emergency services.",
    // A partner may be the one at risk, or the one whose behaviour is the question: the text
    // speaks to anyone in danger and to getting help for oneself, without assuming which.
    "If anyone is in danger right now, contact your local emergency services. A doctor or another qualified "
    "professional can help you find support near you, for yourself and for your relationship.",
    "If anyone is in danger right now, contact your local emergency services. A doctor or another qualified "
    "professional can help you find support near you, for the person you care for and for yourself."};

// German, in the formal "Sie" the translations use. "Klientin oder Klient" keeps the client's
// gender open, as the English "the client" does.
constexpr Words kSelfDe = {
    "Bitte zuerst lesen",
    "Was helfen kann",
    "Was wir nicht einschätzen konnten",
    "Anzeichen, die Sie wiedererkannt haben",
    "Was Sie ausprobieren könnten:",
    "Warum Sie das sehen: ",
    "Einige Fragen zur Sicherheit wurden nicht beantwortet, daher können wir nicht einschätzen, ob dies auf Sie "
    "zutrifft.",
    "Nicht beantwortet:",
    "Das hängt von Fragen ab, die Sie nicht beantwortet haben:",
    "{n} weitere Frage, die Sie nicht beantwortet haben, könnte dies allein nicht klären.",
    "{n} weitere Fragen, die Sie nicht beantwortet haben, könnten dies jeweils allein nicht klären.",
    "Wenn Sie jetzt Hilfe brauchen",
    "Keiner der Hinweise dieses Check-ins trifft auf Ihre Antworten zu.",
    "Sie haben keine der Fragen beantwortet, daher kann Ihnen dieser Check-in noch nichts sagen. Jede Frage darf "
    "unbeantwortet bleiben; beantworten Sie die Fragen, bei denen Sie sich wohlfühlen, um zu sehen, was helfen kann.",
    "Wer dabei helfen kann:"};

constexpr Words kPartnerDe = but_for(kSelfDe,
                                     "Einige Fragen zur Sicherheit in Ihrer Beziehung wurden nicht beantwortet, daher "
                                     "können wir nicht einschätzen, ob dies zutrifft.",
                                     "Wenn jetzt jemand Hilfe braucht");

constexpr Words kCarerDe = but_for(kSelfDe,
                                   "Einige Fragen zur Sicherheit wurden nicht beantwortet, daher können wir nicht "
                                   "einschätzen, ob dies zutrifft.",
                                   kPartnerDe.need_help);

constexpr Words kPractitionerDe = {
    "Zuerst lesen",
    "Vorschläge",
    "Nicht bestimmt",
    "Erfasste Angaben",
    "Mögliche Schritte:",
    "Warum dies angezeigt wird: ",
    "Einige Fragen zur Sicherheit wurden nicht beantwortet, daher ist nicht bekannt, ob dies auf die Klientin "
    "oder den Klienten zutrifft.",
    "Nicht beantwortet:",
    "Das hängt von nicht beantworteten Fragen ab:",
    "{n} weitere nicht beantwortete Frage könnte dies allein nicht klären.",
    "{n} weitere nicht beantwortete Fragen könnten dies jeweils allein nicht klären.",
    "Wenn die Klientin oder der Klient jetzt Hilfe braucht",
    "Keiner der Hinweise dieses Regelwerks trifft auf die erfassten Antworten zu.",
    "Es wurden keine Antworten erfasst, daher gibt es noch nichts zu berichten.",
    "Wer dabei helfen kann:"};

const Phrases kGerman = {
    "de", kSelfDe, kPartnerDe, kCarerDe, kPractitionerDe,
    "Version", "Version", "Quelle: ", "Regelwerk ", ", Sprache ", " von ",
    "empfohlen", "eine Überlegung wert", "zur Information", "dringend",
    "nicht gefragt", "nicht beantwortet", "nicht zutreffend", "ja", "nein", "unbekannt", "bis zu ", "mindestens ",
    "zwischen ", " und ", ",",
    // As the English: no number or service (a language is not a place; a deployment names its
    // own, e.g. 112 and a crisis line, in its resources file).
    "Wenn Sie gerade in Gefahr sind, wenden Sie sich an den örtlichen Notruf. Wenn Sie können, erzählen Sie "
    "einer Person, der Sie vertrauen, was gerade passiert. Eine Ärztin, ein Arzt oder eine andere qualifizierte "
    "Fachperson kann Ihnen helfen, Unterstützung in Ihrer Nähe zu finden.",
    "Wenn die Klientin oder der Klient jetzt in Gefahr sein könnte, folgen Sie den Notfall- und Schutzverfahren "
    "Ihrer Einrichtung und helfen Sie ihr oder ihm, den örtlichen Notruf zu erreichen.",
    "Wenn gerade jemand in Gefahr ist, wenden Sie sich an den örtlichen Notruf. Eine Ärztin, ein Arzt oder eine "
    "andere qualifizierte Fachperson kann Ihnen helfen, Unterstützung in Ihrer Nähe zu finden, für Sie selbst "
    "und für Ihre Beziehung.",
    "Wenn gerade jemand in Gefahr ist, wenden Sie sich an den örtlichen Notruf. Eine Ärztin, ein Arzt oder eine "
    "andere qualifizierte Fachperson kann Ihnen helfen, Unterstützung in Ihrer Nähe zu finden, für die Person, "
    "die Sie betreuen, und für Sie selbst."};


const Phrases* find(const std::string& language) {
  std::string p = primary_language(language);
  for (const Phrases* t : phrase_tables())
    if (p == t->language) return t;
  return nullptr;
}

}  // namespace

const std::vector<const Phrases*>& phrase_tables() {
  static const std::vector<const Phrases*> all = {&kEnglish, &kGerman};
  return all;
}

const Phrases& phrases_for(const std::string& language) {
  const Phrases* t = find(language);
  return t ? *t : kEnglish;
}

bool has_phrases(const std::string& language) { return find(language) != nullptr; }

const Words& words_for(const std::string& audience, const std::string& language) {
  const Phrases& p = phrases_for(language);
  if (audience == "partner") return p.partner;
  if (audience == "carer") return p.carer;
  if (audience == "clinician" || audience == "researcher") return p.practitioner;
  return p.self;
}

const char* level_words(model::Level level, const std::string& language) {
  const Phrases& p = phrases_for(language);
  switch (level) {
    case model::Level::recommend: return p.recommend;
    case model::Level::consider: return p.consider;
    case model::Level::info: return p.info;
    case model::Level::urgent: return p.urgent;
  }
  return "";
}

std::string others_sentence(const Words& w, size_t n) {
  std::string s = n == 1 ? w.others_one : w.others_many;
  size_t at = s.find("{n}");
  if (at != std::string::npos) s.replace(at, 3, std::to_string(n));
  return s;
}

}  // namespace signpost
