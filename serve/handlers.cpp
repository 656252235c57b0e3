// The routes of the service (see handlers.hpp; the API is described in serve/openapi.json).
#include "serve/handlers.hpp"

#include "engine/check/translations.hpp"
#include "engine/fhir/fhir.hpp"
#include "engine/report/questionnaire.hpp"
#include "engine/report/report.hpp"
#include "engine/source/text.hpp"
#include "serve/form.hpp"
#include "serve/log.hpp"
#include "serve/query.hpp"
#include "serve/records.hpp"
#include "serve/web.hpp"

namespace signpost::serve {

namespace {

const char* kJson = "application/json";
const char* kFhirJson = "application/fhir+json";

void security_headers(Response& r) {
  r.set(http::field::cache_control, "no-store");
  r.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
  r.set("X-Content-Type-Options", "nosniff");
  r.set("Referrer-Policy", "no-referrer");
  r.set("X-Frame-Options", "DENY");
}

Response make(unsigned status, std::string body, const char* type, unsigned version) {
  Response r{http::status(status), version};
  r.set(http::field::content_type, type);
  security_headers(r);
  r.body() = std::move(body);
  r.prepare_payload();
  return r;
}

Response error(unsigned status, const char* code, const std::string& message, unsigned version) {
  nlohmann::json j = {{"error", {{"status", status}, {"code", code}, {"message", message}}}};
  return make(status, j.dump(), kJson, version);
}

// ?format=json|text|html; empty when another value is given.
std::string format_of(std::string_view query) {
  std::string format = query_value(query, "format", "json");
  return format == "json" || format == "text" || format == "html" ? format : "";
}

// The language a request asks for, as an index into the assessment's views: `?lang=` by name (one
// the rule set does not have is refused: `error` is set), else the best of Accept-Language by its
// q-values, else the rule set's own language (0). The response says which it used
// (Content-Language).
size_t in_language(const Assessment& a, const Request& req, std::string_view query, std::string& error) {
  const RuleSet& rules = a.rules;
  std::string lang = query_value(query, "lang", "");
  if (lang.empty()) {
    auto accept = req[http::field::accept_language];
    lang = negotiate_language(std::string_view(accept.data(), accept.size()), rules.languages());
  }
  if (lang.empty()) return 0;
  if (auto k = rules.language_index(lang)) return *k;
  std::string have;
  for (const auto& l : rules.languages()) have += (have.empty() ? "" : ", ") + l;
  error = "this assessment has no '" + lang + "' translation; it has " + have;
  return 0;
}

// Says which language a response is in; caches must keep one copy per Accept-Language.
Response& languaged(Response& r, const RuleSet& rules) {
  r.set(http::field::content_language, rules.model().language);
  if (rules.languages().size() > 1) r.set(http::field::vary, "Accept-Language");
  return r;
}

// The answers as the engine sees them after the web-form rules; false with a 400 when the body
// cannot be read at all.
bool form_answers(std::string_view body, const model::Model& m, nlohmann::json& doc, bool& changed) {
  try {
    doc = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  changed = normalise_form_answers(doc, m);
  return true;
}

// The report for the person who answered, as text or as a page.
// A result as the format asked for: the report for the person who answered, as text or as one
// self-contained web page (both renderers of the typed Result).
Response report(const EvalResult& r, const std::string& format, unsigned v) {
  if (format == "text") return make(200, report_text(r.report, false), "text/plain; charset=utf-8", v);
  return make(200, report_html(r.report), "text/html; charset=utf-8", v);
}

bool is_fhir_content_type(std::string_view ct) {
  std::string t(ct.substr(0, ct.find(';')));
  for (char& c : t) c = char(std::tolower(static_cast<unsigned char>(c)));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  return t == "application/fhir+json";
}

// A QuestionnaireResponse (docs/fhir.md): errors name their FHIR paths; the result is the same.
Response evaluate_response(const RuleSet& rules, const Request& req, const std::string& format) {
  const unsigned v = req.version();
  const std::string& body = req.body();
  switch (scan_body(body, fhir::kMaxResponseDepth)) {
    case BodyProblem::too_deep:
      return error(400, "too_deep", "the response is nested more than " + std::to_string(fhir::kMaxResponseDepth) +
                                        " levels deep", v);
    case BodyProblem::bad_utf8: return error(400, "bad_utf8", "the response is not valid UTF-8", v);
    case BodyProblem::none: break;
  }
  nlohmann::json doc;
  JsonProblem problem;
  if (!parse_json_document(body, fhir::kMaxResponseDepth, doc, problem))
    return error(400, "malformed_json", "the body is not valid JSON", v);
  EvalResult r = fhir::evaluate_response(rules, doc);
  if (!r.ok) return make(422, r.result.dump(), kJson, v);
  if (format == "json") return make(200, r.result.dump(), kJson, v);
  return report(r, format, v);
}

Response evaluate(const RuleSet& rules, const Request& req, std::string_view query) {
  const unsigned v = req.version();
  std::string format = format_of(query);
  if (format.empty())
    return error(400, "bad_format", "format '" + display_text(query_value(query, "format", "")) + "' is not json, text or html", v);
  auto ct = req[http::field::content_type];
  if (is_fhir_content_type(std::string_view(ct.data(), ct.size()))) return evaluate_response(rules, req, format);
  if (!is_json_content_type(std::string_view(ct.data(), ct.size())))
    return error(415, "unsupported_media_type", "send the answers as application/json (or a QuestionnaireResponse as application/fhir+json)", v);
  const std::string& body = req.body();
  switch (scan_body(body, Limits{}.max_answers_depth)) {
    case BodyProblem::too_deep:
      return error(400, "too_deep", "the answers are nested more than " + std::to_string(Limits{}.max_answers_depth) +
                                        " levels deep", v);
    case BodyProblem::bad_utf8: return error(400, "bad_utf8", "the answers are not valid UTF-8", v);
    case BodyProblem::none: break;
  }
  if (declares_conventions(query)) {  // a record as a data system exports it (records.hpp)
    if (format != "json") return error(400, "bad_format", "a record read under input conventions is answered in JSON", v);
    RecordReply rec = evaluate_record(rules, body, query);
    if (rec.status == 400) return error(400, rec.code.c_str(), rec.message, v);
    return make(rec.status, std::move(rec.body), kJson, v);
  }
  std::string out;
  std::vector<AnswerError> errors;
  if (format == "json" && rules.evaluate_json(body, out, &errors))
    return make(200, std::move(out), kJson, v);  // the fast path: well-formed answers, no document built
  for (const auto& e : errors) {  // the document as a whole cannot be read
    if (e.code == "A011") return error(400, "malformed_json", e.message, v);  // not JSON, a number beyond a double
    if (e.code == "A010") return error(413, "too_large", e.message, v);       // above the engine's own limit
  }
  nlohmann::json doc;
  bool changed = false;
  if (!form_answers(body, rules.model(), doc, changed))
    return error(400, "malformed_json", "the body is not valid JSON", v);
  if (format == "json") {
    if (changed) {
      out.clear();
      if (rules.evaluate_json(doc.dump(), out, &errors)) return make(200, std::move(out), kJson, v);
    }
    return make(422, std::move(out), kJson, v);  // every problem, each with its pointer and what is allowed
  }
  EvalResult r = rules.evaluate(doc);
  if (!r.ok) return make(422, r.result.dump(), kJson, v);
  return report(r, format, v);
}

bool origin_allowed(const Request& req, const ServeOptions& o, std::string& origin) {
  auto it = req.find(http::field::origin);
  if (it == req.end()) return false;
  origin = std::string(it->value());
  for (const auto& allowed : o.cors_origins)
    if (allowed == origin) return true;
  return false;
}

void cors(Response& r, const std::string& origin) {
  r.set(http::field::access_control_allow_origin, origin);
  r.set(http::field::vary, "Origin");
}

struct Matched {
  Matched(Route r = Route::none, std::string i = {}, std::string f = {})
      : route(r), id(std::move(i)), file(std::move(f)) {}
  Route route;
  std::string id;    // the {id} part
  std::string file;  // the web form's {file} part
};

Matched match(std::string_view path) {
  if (path == "/healthz") return {Route::healthz, ""};
  if (path == "/readyz") return {Route::readyz, ""};
  if (path == "/metrics") return {Route::metrics, ""};
  if (path == "/v1/openapi.json") return {Route::openapi, ""};
  if (path == "/v1/assessments" || path == "/v1/assessments/") return {Route::list, ""};
  const std::string_view form = "/a/";  // the web form (web.hpp)
  if (path.substr(0, form.size()) == form) {
    std::string_view rest = path.substr(form.size());
    size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return {Route::form_page, std::string(rest), ""};
    std::string_view first = rest.substr(0, slash), file = rest.substr(slash + 1);
    if (first == "assets") return {Route::form_asset, "", std::string(file)};
    return {Route::form_file, std::string(first), std::string(file)};
  }
  const std::string_view prefix = "/v1/assessments/";
  if (path.substr(0, prefix.size()) != prefix) return {};
  std::string_view rest = path.substr(prefix.size());
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return {Route::describe, std::string(rest)};
  if (rest.substr(slash) == "/evaluate") return {Route::evaluate, std::string(rest.substr(0, slash))};
  if (rest.substr(slash) == "/fhir") return {Route::fhir, std::string(rest.substr(0, slash))};
  return {};
}

// The path for the access log: the route's template with a known assessment's id, never what the
// client wrote (a file name, an unknown id).
std::string access_path(Route route, const std::string& assessment) {
  if (route == Route::none) return "-";
  if (assessment.empty()) return route_name(route);
  switch (route) {
    case Route::form_page: return "/a/" + assessment;
    case Route::form_file: return "/a/" + assessment + "/{file}";
    case Route::evaluate: return "/v1/assessments/" + assessment + "/evaluate";
    case Route::fhir: return "/v1/assessments/" + assessment + "/fhir";
    default: return "/v1/assessments/" + assessment;
  }
}

Response method_not_allowed(const char* allow, unsigned v) {
  Response r = error(405, "method_not_allowed", std::string("this path accepts ") + allow, v);
  r.set(http::field::allow, allow);
  return r;
}

Response route(const Request& req, const Context& ctx, const Matched& m, std::string_view query, Handled& h) {
  const unsigned v = req.version();
  const bool get = req.method() == http::verb::get || req.method() == http::verb::head;
  const bool post = req.method() == http::verb::post;
  switch (m.route) {
    case Route::healthz:
      return get ? make(200, "{\"status\":\"ok\"}", kJson, v) : method_not_allowed("GET", v);
    case Route::readyz:
      if (!get) return method_not_allowed("GET", v);
      if (ctx.stopping.load() || !ctx.catalog.get()) return error(503, "not_ready", "the service is stopping", v);
      return make(200, "{\"status\":\"ready\"}", kJson, v);
    case Route::metrics:
      return get ? make(200, ctx.metrics.render(), "text/plain; version=0.0.4; charset=utf-8", v)
                 : method_not_allowed("GET", v);
    case Route::openapi: return get ? make(200, kOpenApiJson, kJson, v) : method_not_allowed("GET", v);
    case Route::list: return get ? make(200, ctx.catalog.get()->list_json, kJson, v) : method_not_allowed("GET", v);
    case Route::form_asset: {
      if (!get) return method_not_allowed("GET", v);
      WebFile f = form_asset(*ctx.catalog.get(), m.file);
      return make(f.status, std::move(f.body), f.type.c_str(), v);
    }
    case Route::form_page:
    case Route::form_file:
    case Route::describe:
    case Route::fhir:
    case Route::evaluate: {
      auto catalog = ctx.catalog.get();  // held for the whole request: a reload cannot pull it away
      const Assessment* a = catalog->find(m.id);
      if (!a) return error(404, "unknown_assessment", "no assessment has this id; see GET /v1/assessments", v);
      h.assessment = a->id;
      if (m.route == Route::form_page || m.route == Route::form_file) {
        if (!get) return method_not_allowed("GET", v);
        WebFile f = m.route == Route::form_page ? form_page(*a) : form_file(*a, m.file);
        Response r = make(f.status, std::move(f.body), f.type.c_str(), v);
        if (m.route == Route::form_page) r.set("Content-Security-Policy", kFormCsp);
        return r;
      }
      if (m.route == Route::fhir)  // the FHIR R4 Questionnaire, every translation in it (docs/fhir.md)
        return get ? make(200, fhir::questionnaire(a->rules).dump(), kFhirJson, v) : method_not_allowed("GET", v);
      if (m.route == Route::describe && !get) return method_not_allowed("GET", v);
      if (m.route == Route::evaluate && !post) return method_not_allowed("POST", v);
      std::string bad_lang;
      size_t lang = in_language(*a, req, query, bad_lang);
      if (!bad_lang.empty()) return error(400, "unknown_language", bad_lang, v);
      const RuleSet& rules = a->views[lang];
      Response r = m.route == Route::evaluate ? evaluate(rules, req, query) : make(200, a->questionnaires[lang], kJson, v);
      return languaged(r, rules);
    }
    default: return error(404, "not_found", "no such path; see GET /v1/openapi.json", v);
  }
}

}  // namespace

Response refusal(const boost::beast::error_code& ec, const ServeOptions& o, unsigned v) {
  if (ec == http::error::body_limit)
    return error(413, "too_large", "the body is larger than " + std::to_string(o.max_body_bytes) + " bytes", v);
  if (ec == http::error::header_limit)
    return error(431, "header_too_large",
                 "the request line and headers are larger than " + std::to_string(o.max_header_bytes) + " bytes", v);
  return error(400, "bad_request", "the request is not valid HTTP/1.1: " + ec.message(), v);
}

Handled handle(const Request& req, const Context& ctx) {
  Handled h;
  std::string_view target(req.target().data(), req.target().size());
  size_t q = target.find('?');
  std::string_view path = target.substr(0, q), query = q == std::string_view::npos ? "" : target.substr(q + 1);
  Matched m = match(path);
  h.route = m.route;
  std::string origin;
  bool cors_ok = origin_allowed(req, ctx.options, origin);
  if (req.method() == http::verb::options && m.route != Route::none) {
    h.route = Route::preflight;
    h.path = std::string(route_name(m.route));
    if (!cors_ok) {
      h.response = error(403, "origin_not_allowed", "this origin may not call the service from a browser", req.version());
    } else {
      h.response = make(204, "", kJson, req.version());
      h.response.set(http::field::access_control_allow_methods, "GET, POST, OPTIONS");
      h.response.set(http::field::access_control_allow_headers, "Content-Type");
      h.response.set(http::field::access_control_max_age, "600");
      cors(h.response, origin);
    }
    return h;
  }
  try {
    h.response = route(req, ctx, m, query, h);
  } catch (const std::exception& e) {
    // An engine bug, never the person's fault; the message names no answer.
    log_event("error", "internal_error", {{"route", route_name(m.route)}});
    h.response = error(500, "internal_error", "the request could not be handled", req.version());
  }
  h.path = access_path(m.route, h.assessment);
  if (cors_ok) cors(h.response, origin);
  if (req.method() == http::verb::head) h.response.body().clear();  // content-length stays that of GET
  return h;
}

}  // namespace signpost::serve
