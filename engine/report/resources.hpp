// Deploy-time resources: who a person can contact when safety is at stake.
//
// The articles behind the shipped rule sets name no crisis line, and a rule set must never invent
// one. Whoever deploys a rule set supplies the contacts that are right for their place and
// people in a small JSON file (docs/resources.md); without one, urgent guidance carries a neutral
// default that names no number or service.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/evaluate/answers.hpp"

namespace signpost {

struct Contact {
  std::string name;   // "Emergency services"
  std::string phone;  // as the person should dial it
  std::string url;
  std::string text;   // how to reach it otherwise ("text SHOUT to ...")
  std::string hours;  // "24 hours", "Mon–Fri 9–17"
};

// Contacts for one kind of urgent situation ("being_harmed", "own_behaviour"). An urgent guidance
// tagged with the topic's name shows them next to it.
struct Topic {
  std::string name, title, text;
  std::vector<Contact> contacts;
};

struct Resources {
  std::string region;        // where these contacts apply; empty for the default
  std::string urgent_text;   // what to do first when safety is at stake
  std::vector<Contact> contacts;  // for every urgent situation
  std::vector<Topic> topics;      // for some urgent situations only
  bool deployed = false;     // false: the neutral built-in default
};

// The neutral default: local emergency services and a trusted person, no numbers. Worded for
// the person who answered, for a partner (who may be the one at risk or the one causing harm),
// or, for `clinician` and `researcher` rule sets, for a practitioner; in `language` when the
// engine has its words in it (report/phrases.hpp), else in English.
const Resources& default_resources(const std::string& audience = "self", const std::string& language = "en");

// Reads a resources document. Every problem is listed (codes R001–R005, with JSON pointers; R004: a text that claims a diagnosis; R005: a topic name that cannot be a tag); the
// result is usable only when there are none.
bool parse_resources(const nlohmann::json& doc, Resources& out, std::vector<AnswerError>& errors);
bool parse_resources_text(std::string_view text, Resources& out, std::vector<AnswerError>& errors);

nlohmann::json to_json(const Resources& r);

// The result's "urgent_help": to_json, plus, when the resources have topics, each topic with the
// urgent guidance of `m` tagged with its name.
nlohmann::json urgent_help_json(const Resources& r, const model::Model& m);

}  // namespace signpost
