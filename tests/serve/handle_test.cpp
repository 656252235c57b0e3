// The service's request handling in process (no socket): hostile and ordinary requests as raw
// bytes, answered as the server answers them (tests/serve/connection.hpp). Runs under ASan + UBSan
// and TSan with the other C++ tests (.ci/sanitize); tests/fuzz/fuzz_http.cpp fuzzes the same path.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/serve/connection.hpp"

namespace signpost::serve::testing {
namespace {

namespace http = boost::beast::http;
const std::string kRoot = SIGNPOST_SOURCE_DIR;
const std::string kEvaluate = "/v1/assessments/intimacy_self_check/evaluate";

Service& service() {
  static Service s(kRoot);
  return s;
}

std::string request(const std::string& method, const std::string& target, const std::string& headers = "",
                     const std::string& body = "") {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: x\r\n" + headers;
  if (!body.empty() && headers.find("Content-Length") == std::string::npos &&
      headers.find("Transfer-Encoding") == std::string::npos)
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return r + "\r\n" + body;
}

// What every response holds, whatever was asked.
void expect_sound(const Response& r, const std::string& what) {
  EXPECT_NE(r.result_int(), 500u) << what << ": " << r.body();
  EXPECT_EQ(r[http::field::cache_control], "no-store") << what;
  EXPECT_EQ(r["X-Content-Type-Options"], "nosniff") << what;
  auto type = std::string(r[http::field::content_type]);
  if (!r.body().empty() && type.rfind("application/json", 0) == 0)
    EXPECT_TRUE(nlohmann::json::accept(r.body())) << what << ": " << r.body().substr(0, 500);
}

TEST(ServeHandle, TheShippedRuleSetsLoad) { EXPECT_TRUE(service().loaded); }

struct Case {
  const char* name;
  std::string bytes;
  std::vector<unsigned> statuses;  // one per response the connection gets
};

TEST(ServeHandle, HostileRequestsGetAStatusNeverACrash) {
  const std::string json = "Content-Type: application/json\r\n";
  const std::string answers = R"({"unsafe_relationship": false})";
  const std::vector<Case> cases = {
      {"health", request("GET", "/healthz"), {200}},
      {"evaluate", request("POST", kEvaluate, json, answers), {200}},
      {"evaluate, a form's strings", request("POST", kEvaluate, json, R"({"unsafe_relationship":"false"})"), {200}},
      {"evaluate as html", request("POST", kEvaluate + "?format=html", json, answers), {200}},
      {"an unknown format", request("POST", kEvaluate + "?format=pdf", json, answers), {400}},
      {"not JSON", request("POST", kEvaluate, json, "{\"a\":"), {400}},
      {"a number beyond a double", request("POST", kEvaluate, json, R"({"unsafe_relationship": 1e400})"), {400}},
      {"invalid UTF-8", request("POST", kEvaluate, json, "{\"a\":\"\xff\"}"), {400}},
      {"a raw NUL byte", request("POST", kEvaluate, json, std::string("{\"a\0b\":1}", 9)), {400}},
      {"an escaped NUL in a key", request("POST", kEvaluate, json, R"({"a\u0000b": 1})"), {422}},
      {"nested too deep", request("POST", kEvaluate, json, std::string(300, '[')), {400}},
      {"an answer given twice", request("POST", kEvaluate, json, R"({"flashbacks":0,"flashbacks":3})"), {422}},
      {"another content type", request("POST", kEvaluate, "Content-Type: text/plain\r\n", answers), {415}},
      {"a charset other than UTF-8", request("POST", kEvaluate, "Content-Type: application/json; charset=latin1\r\n", answers), {415}},
      {"a FHIR body that is not a response", request("POST", kEvaluate, "Content-Type: application/fhir+json\r\n", "{}"), {422}},
      {"a FHIR body nested too deep", request("POST", kEvaluate, "Content-Type: application/fhir+json\r\n", std::string(100, '[')), {400}},
      {"GET on evaluate", request("GET", kEvaluate), {405}},
      {"an unknown assessment", request("POST", "/v1/assessments/nope/evaluate", json, answers), {404}},
      {"an unknown path", request("GET", "/etc/passwd"), {404}},
      {"a form file outside the rules", request("GET", "/a/intimacy_self_check/../../etc/passwd"), {404}},
      {"a body over the limit", request("POST", kEvaluate, json + "Content-Length: 70000\r\n", "{}"), {413}},
      {"headers over the limit", request("GET", "/healthz", "X-Big: " + std::string(9000, 'a') + "\r\n"), {431}},
      {"not HTTP", "HELLO\r\n\r\n", {400}},
      {"a bad chunk", request("POST", kEvaluate, json + "Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n"), {400}},
      {"a request cut short", "POST " + kEvaluate + " HTTP/1.1\r\nContent-Length: 10\r\n\r\n{}", {}},
      {"a preflight from an allowed origin", request("OPTIONS", kEvaluate, "Origin: https://form.example\r\n"), {204}},
      {"a preflight from another origin", request("OPTIONS", kEvaluate, "Origin: https://evil.example\r\n"), {403}},
      {"pipelined, then closed", request("GET", "/healthz") + request("POST", kEvaluate, json, answers) +
                                     request("GET", "/readyz", "Connection: close\r\n") + request("GET", "/healthz"),
       {200, 200, 200}},
  };
  for (const Case& c : cases) {
    std::vector<Response> got = answer_connection(c.bytes, service());
    std::vector<unsigned> statuses;
    for (const Response& r : got) {
      statuses.push_back(r.result_int());
      expect_sound(r, c.name);
    }
    EXPECT_EQ(statuses, c.statuses) << c.name;
  }
}

// Every request of the fuzz corpus (tests/fuzz/corpus/http), findings included once fixed.
TEST(ServeHandle, TheFuzzCorpusIsAnsweredSoundly) {
  size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(kRoot + "/tests/fuzz/corpus/http")) {
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    for (const Response& r : answer_connection(bytes.str(), service())) expect_sound(r, e.path().filename().string());
    ++n;
  }
  EXPECT_GT(n, 20u);
}

// The partner rule set (it has a German translation), its answers, and one request's one
// response, checked for what every response must carry.
const std::string json = "Content-Type: application/json\r\n";
const std::string partner = "/v1/assessments/partner_support";
const std::string answers = R"({"anyone_hurt": "yes"})";

Response one(const std::string& bytes) {
  auto rs = answer_connection(bytes, service());
  EXPECT_EQ(rs.size(), 1u);
  expect_sound(rs.front(), bytes.substr(0, 80));
  return rs.front();
}

// ?lang= names a translation (one the rule set lacks is a 400); else Accept-Language chooses by
// q-value, falling back to the rule set's own language; Content-Language says which was used.
TEST(ServeHandle, TheLanguageComesFromLangOrAcceptLanguage) {
  Response de = one(request("POST", partner + "/evaluate", json + "Accept-Language: fr, de;q=0.9, en;q=0.5\r\n", answers));
  EXPECT_EQ(de.result_int(), 200u);
  EXPECT_EQ(de[http::field::content_language], "de");
  EXPECT_EQ(nlohmann::json::parse(de.body())["language"], "de");
  EXPECT_NE(de.body().find("Sicherheit geht vor"), std::string::npos);
  Response fallback = one(request("POST", partner + "/evaluate", json + "Accept-Language: fr\r\n", answers));
  EXPECT_EQ(fallback[http::field::content_language], "en");
  EXPECT_EQ(nlohmann::json::parse(fallback.body())["language"], "en");
  Response asked = one(request("POST", partner + "/evaluate?lang=de&format=text", json + "Accept-Language: en\r\n", answers));
  EXPECT_EQ(asked[http::field::content_language], "de");
  EXPECT_NE(asked.body().find("Sicherheit geht vor"), std::string::npos);
  EXPECT_EQ(one(request("POST", partner + "/evaluate?lang=fr", json, answers)).result_int(), 400u);
  Response described = one(request("GET", partner + "?lang=de"));
  EXPECT_EQ(nlohmann::json::parse(described.body())["language"], "de");
}

// Every route reads the query one way (serve/query.hpp): values are percent-decoded, the last
// of a repeated name wins, and a badly encoded value is refused by name, not guessed at.
TEST(ServeHandle, QueryValuesArePercentDecodedAlike) {
  Response encoded = one(request("POST", partner + "/evaluate?lang=d%65&format=te%78t", json, answers));
  EXPECT_EQ(encoded.result_int(), 200u);
  EXPECT_EQ(encoded[http::field::content_language], "de");
  EXPECT_NE(encoded.body().find("Sicherheit geht vor"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(one(request("POST", partner + "/evaluate?format=text&format=json", json, answers)).body())
                .value("language", ""), "en");
  Response bad = one(request("POST", partner + "/evaluate?format=%zz", json, answers));
  EXPECT_EQ(bad.result_int(), 400u);
  EXPECT_NE(bad.body().find("%zz"), std::string::npos) << bad.body();
}

}  // namespace
}  // namespace signpost::serve::testing
