// The rule sets being served, by assessment id. A Catalog is immutable; a reload (SIGHUP) builds
// a new one and swaps it in atomically, so a request sees either the old rules or the new ones,
// never a mix, and no request waits for a reload.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/signpost.hpp"
#include "serve/serve.hpp"

namespace signpost::serve {

struct Assessment {
  RuleSet rules;
  std::string id;
  std::string questionnaire;   // GET /v1/assessments/{id}, written once
  std::string resources_text;  // the deployment's resources file as given (empty: none), for the web form
  // Per language, indexed like rules.languages(): the rules in it and its questionnaire, made once
  // at load, so a request in a translation's language builds nothing (views[0] is `rules`).
  std::vector<RuleSet> views;
  std::vector<std::string> questionnaires;
};

// A file the service answers with from memory (the web form's, see web.hpp).
struct WebFile {
  unsigned status = 200;
  std::string body;
  std::string type;
};

struct Catalog {
  std::vector<std::pair<std::string, std::shared_ptr<const Assessment>>> files;  // rule file -> its rules
  std::map<std::string, std::shared_ptr<const Assessment>, std::less<>> by_id;
  std::string list_json;  // GET /v1/assessments, written once
  std::map<std::string, WebFile, std::less<>> web_assets;  // the web form's files, read with the rules
  const Assessment* find(std::string_view id) const;
};

class CatalogHolder {
 public:
  std::shared_ptr<const Catalog> get() const { return std::atomic_load(&current_); }
  // Compiles every rule file and logs every diagnostic. First load: false if any file has
  // errors (the service does not start). Reload: a file with errors keeps its old rules; false
  // if any did.
  bool load(const ServeOptions& options, bool initial);

 private:
  std::shared_ptr<const Catalog> current_;
  std::mutex loading_;  // one load at a time
  std::optional<Resources> resources_;
  std::string resources_text_;
};

}  // namespace signpost::serve
