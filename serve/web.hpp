// The web form at /a/{id}: a page for each assessment that runs the engine in the browser
// (web/signpost-form.js), the rule files it compiles there, and the form's files from the web
// build (web/). The answers never reach the service on this path.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "serve/catalog.hpp"

namespace signpost::serve {

// The CSP of the page: scripts and styles from the service only, WebAssembly allowed, nothing inline.
extern const char* const kFormCsp;

// GET /a/{id}: the page.
WebFile form_page(const Assessment& a);
// GET /a/{id}/{path}: a rule file of the assessment (its main file or an import, by its path
// relative to the main file), or resources.json, the deployment's contacts. 404 otherwise.
WebFile form_file(const Assessment& a, std::string_view path);
// The form's files from `web_dir`, read once when the rules are (the service opens no file while
// answering); missing ones are simply absent.
std::map<std::string, WebFile, std::less<>> load_web_assets(const std::string& web_dir);
// GET /a/assets/{name}: one of those files. 404 for any other name, or when the form is not built.
WebFile form_asset(const Catalog& catalog, std::string_view name);
// Where the form's files are when --web is not given: installed, else this build's (or "").
std::string default_web_dir();

}  // namespace signpost::serve
