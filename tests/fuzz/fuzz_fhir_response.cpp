// Fuzz target: a FHIR QuestionnaireResponse (or any answers text) -> answers -> evaluation on
// every shipped rule set, through fhir::evaluate_any, the entry `signpost eval` and the service
// use. Whatever the bytes, the result is a value that serialises; a response that reads cleanly
// gives byte for byte the result its plain answers give (the reader adds nothing of its own; only
// the errors' pointers become FHIR paths), and its result becomes a FHIR Bundle.
#include <cstddef>
#include <cstdint>

#include "engine/fhir/fhir.hpp"
#include "tests/fuzz/fuzz_util.hpp"

namespace {

void one(const signpost::RuleSet& rs, std::string_view text) {
  signpost::EvalResult r = signpost::fhir::evaluate_any(rs, text);
  std::string got = r.result.dump();  // must not throw: a result is valid UTF-8
  for (const auto& e : r.errors) (void)signpost::to_json(e).dump();
  nlohmann::json doc;
  signpost::JsonProblem problem;
  if (!signpost::parse_json_document(text, signpost::fhir::kMaxResponseDepth, doc, problem) ||
      !signpost::fhir::is_resource(doc, "QuestionnaireResponse"))
    return;
  nlohmann::json answers;
  std::vector<signpost::AnswerError> errors;
  if (!signpost::fhir::response_answers(rs.model(), doc, {}, answers, errors)) return;
  signpost::EvalResult plain = rs.evaluate_text(answers.dump());
  fuzz::check(plain.ok == r.ok, "a response and its plain answers disagree on validity", got, plain.result.dump());
  if (r.ok) {
    fuzz::check(plain.result.dump() == got, "a response gives another result than its plain answers", got,
                plain.result.dump());
  } else {  // the same errors, pointing at the response's FHIR paths instead of /linkId
    std::string a, b;
    for (const auto& e : r.errors) a += e.code + " ";
    for (const auto& e : plain.errors) b += e.code + " ";
    fuzz::check(a == b, "a response and its plain answers give other errors", got, plain.result.dump());
  }
  if (r.ok) (void)signpost::fhir::result_bundle(rs, r.result).dump();
}

}  // namespace

// The shipped rule sets compile before the first input, so that never counts against its time-out.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fuzz::shipped();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const signpost::RuleSet& rs : fuzz::shipped()) one(rs, text);
  return 0;
}
