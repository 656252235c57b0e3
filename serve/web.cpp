// The web form's routes (see web.hpp): the page, the rule files and the form's files.
#include "serve/web.hpp"

#include <filesystem>

#include "engine/source/text.hpp"

namespace signpost::serve {

namespace fs = std::filesystem;

const char* const kFormCsp =
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

namespace {

WebFile not_found(const std::string& what) {
  return {404, "{\"error\":{\"status\":404,\"code\":\"not_found\",\"message\":\"" + what + "\"}}", "application/json"};
}

fs::path main_dir(const Assessment& a) { return fs::path(a.rules.sources().file(0).path()).parent_path(); }

}  // namespace

WebFile form_page(const Assessment& a) {
  const model::Model& m = a.rules.model();
  std::string main = fs::path(a.rules.sources().file(0).path()).filename().generic_string();
  std::string resources = a.resources_text.empty() ? "" : " resources=\"/a/" + html_escape(a.id) + "/resources.json\"";
  return {200,
          "<!doctype html>\n<html lang=\"" + html_escape(m.language) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + html_escape(m.title) +
              "</title>\n<link rel=\"stylesheet\" href=\"/a/assets/signpost-form.css\">\n"
              "<link rel=\"stylesheet\" href=\"/a/assets/page.css\">\n"
              "<script src=\"/a/assets/signpost-form.js\" defer></script>\n</head>\n<body>\n<main>\n"
              "<signpost-form heading-level=\"1\" src=\"/a/" + html_escape(a.id) + "/" + html_escape(main) + "\"" + resources + "></signpost-form>\n"
              "</main>\n</body>\n</html>\n",
          "text/html; charset=utf-8"};
}

WebFile form_file(const Assessment& a, std::string_view path) {
  if (path == "resources.json" && !a.resources_text.empty()) return {200, a.resources_text, "application/json"};
  const SourceSet& sources = a.rules.sources();
  const fs::path dir = main_dir(a);
  for (size_t i = 0; i < sources.size(); ++i) {  // only the files of this rule set: nothing else on disk
    const SourceFile& f = sources.file(uint32_t(i));
    if (fs::path(f.path()).lexically_normal().lexically_relative(dir.lexically_normal()).generic_string() == path)
      return {200, f.text(), "text/plain; charset=utf-8"};
  }
  return not_found("no such file in this rule set");
}

std::map<std::string, WebFile, std::less<>> load_web_assets(const std::string& web_dir) {
  static const std::pair<const char*, const char*> kAssets[] = {
      {"signpost-form.js", "text/javascript; charset=utf-8"}, {"signpost-form.css", "text/css; charset=utf-8"},
      {"page.css", "text/css; charset=utf-8"},                {"signpost-engine.js", "text/javascript; charset=utf-8"},
      {"signpost-wasm.js", "text/javascript; charset=utf-8"}, {"signpost-wasm.wasm", "application/wasm"}};
  std::map<std::string, WebFile, std::less<>> assets;
  if (web_dir.empty()) return assets;
  for (const auto& [file, type] : kAssets) {
    std::string text, error;
    if (read_file_bounded((fs::path(web_dir) / file).string(), 16 << 20, text, error))
      assets[file] = WebFile{200, std::move(text), type};
  }
  return assets;
}

WebFile form_asset(const Catalog& catalog, std::string_view name) {
  auto it = catalog.web_assets.find(name);
  if (it != catalog.web_assets.end()) return it->second;
  return not_found(catalog.web_assets.empty() ? "the web form is not built or installed here (see docs/web.md)"
                                               : "no such file");
}

std::string default_web_dir() {
  for (const char* dir : {SIGNPOST_WEB_INSTALLED, SIGNPOST_WEB_BUILT}) {
    std::error_code ec;
    if (*dir && fs::is_regular_file(fs::path(dir) / "signpost-wasm.wasm", ec)) return dir;
  }
  return "";
}

}  // namespace signpost::serve
