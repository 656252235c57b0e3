// The Beast server (see server.hpp). Shaped after Beast's advanced_server example: per-connection
// timeouts on beast::tcp_stream, limits enforced by the parser while reading, and a stop that
// closes idle connections at once and lets every request already being read or answered finish.
#include "serve/server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <array>
#include <chrono>
#include <csignal>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "serve/log.hpp"

namespace signpost::serve {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using beast::error_code;

namespace {

std::chrono::steady_clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

class Server;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Server& server);
  ~Session();
  void start();
  void stop();  // the service is stopping: close now if no request is under way
  auto executor() { return stream_.get_executor(); }

 private:
  void wait_for_request();
  void on_first_bytes(error_code ec, size_t n);
  void read_header();
  void on_header(error_code ec);
  void on_read(error_code ec);
  void refuse(error_code ec);  // a request the parser rejected, or too slow
  void respond(Handled h, bool keep_alive);
  void on_write(bool close, error_code ec);
  void close();
  void linger_close();  // after a last response: let the client read it before the socket goes
  void drain();

  beast::tcp_stream stream_;
  std::array<char, 4096> discard_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::empty_body> continue_;
  Response response_;  // kept alive until written
  Server& server_;
  Clock::time_point started_;
  bool idle_ = false;  // waiting for the first byte of a request
  unsigned served_ = 0;  // requests answered on this connection
};

class Server {
 public:
  Server(const ServeOptions& o, CatalogHolder& catalog, Metrics& metrics)
      : options(o), iocs_(make_contexts(threads())), ioc_(*iocs_[0]), strand_(net::make_strand(ioc_)),
        acceptor_(strand_), signals_(strand_, SIGTERM, SIGINT, SIGHUP), deadline_(strand_), retry_(strand_),
        ctx{o, catalog, metrics, stopping} {}

  int run();
  unsigned threads() const {
    return options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  }
  bool stopping_now() const { return stopping.load(std::memory_order_acquire); }
  void add(Session* s, std::weak_ptr<Session> w);
  void remove(Session* s);

  const ServeOptions& options;
  std::atomic<bool> stopping{false};
  // What became of the requests, reported when the service stops, so that a test (or an operator)
  // can tell a request the service lost from a connection it never took in: responses written
  // whole, responses the client did not take (a write error), and requests cut off part-read.
  struct Tally {
    std::atomic<uint64_t> answered{0}, unwritten{0}, cut_off{0};
  } tally;

 private:
  // One io_context per thread, each run by its thread alone (concurrency hint 1: no locking
  // inside Asio), and connections dealt to them in turn: cheaper than N threads sharing one
  // context, whose reactor and queue every thread would contend for.
  static std::vector<std::unique_ptr<net::io_context>> make_contexts(unsigned n) {
    std::vector<std::unique_ptr<net::io_context>> v;
    for (unsigned i = 0; i < n; ++i) v.push_back(std::make_unique<net::io_context>(1));
    return v;
  }
  net::io_context& next_context() { return *iocs_[next_++ % iocs_.size()]; }
  std::vector<std::unique_ptr<net::io_context>> iocs_;
  size_t next_ = 0;  // used on strand_ only
  std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running_;  // until the stop
  net::io_context& ioc_;  // the first: the acceptor, signals and the stop timer
  net::strand<net::io_context::executor_type> strand_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::steady_timer deadline_, retry_;
  std::mutex sessions_mu_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
  std::thread reloader_;

 public:
  const Context ctx;

 private:
  bool listen();
  void accept();
  void on_signal(error_code ec, int signal);
  void begin_stop();
};

// ---- a connection ------------------------------------------------------------

Session::Session(tcp::socket&& socket, Server& server) : stream_(std::move(socket)), server_(server) {
  server_.ctx.metrics.connection_opened();
}

Session::~Session() {
  server_.ctx.metrics.connection_closed();
  server_.remove(this);
}

void Session::start() {
  server_.add(this, weak_from_this());
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
}

void Session::stop() {
  if (!idle_) return;  // a request is being read or answered: it finishes, then the connection closes
  // A connection that has sent nothing yet was opened to send a request: give it a moment.
  if (served_ == 0) stream_.expires_after(std::min(seconds(server_.options.idle_timeout_s), seconds(2)));
  else close();
}

void Session::wait_for_request() {
  if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
  const bool stopping = server_.stopping_now();
  if (stopping && served_ > 0) return close();
  idle_ = true;
  auto wait = seconds(server_.options.idle_timeout_s);
  stream_.expires_after(stopping ? std::min(wait, seconds(2)) : wait);
  stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](error_code ec, size_t n) {
    self->on_first_bytes(ec, n);
  });
}

void Session::on_first_bytes(error_code ec, size_t n) {
  idle_ = false;
  if (ec) return close();  // idle timeout, the client left, or the service is stopping
  buffer_.commit(n);
  read_header();
}

void Session::read_header() {
  parser_.emplace();
  parser_->header_limit(uint32_t(server_.options.max_header_bytes));
  parser_->body_limit(server_.options.max_body_bytes);
  stream_.expires_after(seconds(server_.options.request_timeout_s));  // the whole request, slow clients too
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](error_code ec, size_t) { self->on_header(ec); });
}

void Session::on_header(error_code ec) {
  if (ec) return refuse(ec);
  started_ = Clock::now();
  auto& req = parser_->get();
  if (beast::iequals(req[http::field::expect], "100-continue")) {
    // curl and browsers wait for this before sending a larger body
    continue_ = http::response<http::empty_body>{http::status::continue_, req.version()};
    return http::async_write(stream_, continue_, [self = shared_from_this()](error_code ec, size_t) {
      if (ec) return self->close();
      http::async_read(self->stream_, self->buffer_, *self->parser_,
                       [self](error_code ec, size_t) { self->on_read(ec); });
    });
  }
  http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](error_code ec, size_t) { self->on_read(ec); });
}

void Session::on_read(error_code ec) {
  if (ec) return refuse(ec);
  stream_.expires_never();  // handling takes microseconds; the write sets its own deadline
  const Request& req = parser_->get();
  Handled h = handle(req, server_.ctx);
  respond(std::move(h), req.keep_alive() && !server_.stopping_now());
}

void Session::refuse(error_code ec) {
  if (ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::operation_aborted ||
      ec == net::error::connection_reset || ec == http::error::partial_message || ec == net::error::broken_pipe ||
      ec == beast::error::timeout) {
    // the client left (perhaps mid-request), or was too slow: tcp_stream closed it
    if (buffer_.size() > 0 || (parser_ && parser_->got_some()))
      server_.tally.cut_off.fetch_add(1, std::memory_order_relaxed);
    return close();
  }
  if (started_ == Clock::time_point{}) started_ = Clock::now();
  Handled h;
  const unsigned v = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
  h.response = refusal(ec, server_.options, v);
  h.path = "-";
  respond(std::move(h), false);
}

void Session::respond(Handled h, bool keep_alive) {
  response_ = std::move(h.response);
  response_.keep_alive(keep_alive);
  const double took = std::chrono::duration<double>(Clock::now() - started_).count();
  server_.ctx.metrics.record(h.route, response_.result_int(), took);
  if (server_.options.access_log) {
    AccessRecord r;
    r.method = parser_ && parser_->is_header_done() ? http::to_string(parser_->get().method()).data() : "-";
    r.path = std::move(h.path);
    r.assessment = std::move(h.assessment);
    r.status = response_.result_int();
    r.bytes = response_.body().size();
    r.seconds = took;
    log_access(r);
  }
  stream_.expires_after(seconds(server_.options.write_timeout_s));
  http::async_write(stream_, response_, [self = shared_from_this(), close = !keep_alive](error_code ec, size_t) {
    self->on_write(close, ec);
  });
}

void Session::on_write(bool close_after, error_code ec) {
  ++served_;
  (ec ? server_.tally.unwritten : server_.tally.answered).fetch_add(1, std::memory_order_relaxed);
  if (ec) return close();
  if (close_after) return linger_close();
  started_ = {};
  wait_for_request();
}

void Session::linger_close() {
  // Closing a socket with unread request bytes (a refused body, say) makes the kernel send a
  // reset that can destroy the response before the client reads it: shut down our side, read
  // and drop what still comes for up to a second, then close.
  error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.expires_after(std::chrono::seconds(1));  // the whole drain, however much comes
  drain();
}

void Session::drain() {
  stream_.async_read_some(net::buffer(discard_), [self = shared_from_this()](error_code ec, size_t) {
    if (ec) return self->close();
    self->drain();
  });
}

void Session::close() {
  error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);
}

// ---- the listener, signals, stopping -------------------------------------------

void Server::add(Session* s, std::weak_ptr<Session> w) {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  sessions_.emplace(s, std::move(w));
}

void Server::remove(Session* s) {
  std::lock_guard<std::mutex> lock(sessions_mu_);
  sessions_.erase(s);
  if (sessions_.empty() && stopping_now()) net::post(strand_, [this] { deadline_.cancel(); });
}

bool Server::listen() {
  // ADDRESS:PORT, [IPv6]:PORT, or ADDRESS alone (port 8080)
  const std::string& l = options.listen;
  std::string host = l, port = "8080";
  if (!l.empty() && l[0] == '[') {
    size_t close = l.find(']');
    host = l.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    if (close != std::string::npos && close + 1 < l.size() && l[close + 1] == ':') port = l.substr(close + 2);
  } else if (size_t colon = l.rfind(':'); colon != std::string::npos) {
    host = l.substr(0, colon);
    port = l.substr(colon + 1);
  }
  error_code ec;
  auto address = net::ip::make_address(host.empty() ? "0.0.0.0" : host, ec);
  unsigned long p = 0;
  try {
    p = std::stoul(port);
  } catch (...) {
    p = 65536;
  }
  if (ec || p > 65535) {
    log_event("error", "bad_listen_address", {{"listen", options.listen}, {"expected", "ADDRESS:PORT, e.g. 127.0.0.1:8080"}});
    return false;
  }
  tcp::endpoint ep(address, uint16_t(p));
  acceptor_.open(ep.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    log_event("error", "cannot_listen", {{"listen", options.listen}, {"reason", ec.message()}});
    return false;
  }
  auto local = acceptor_.local_endpoint();
  std::string shown = local.address().is_v6() ? "[" + local.address().to_string() + "]" : local.address().to_string();
  log_event("info", "listening", {{"address", shown + ":" + std::to_string(local.port())}, {"threads", threads()}});
  return true;
}

void Server::accept() {
  acceptor_.async_accept(next_context(), [this](error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || stopping_now()) return;
    if (ec) {  // out of file descriptors, say: try again shortly rather than spin
      log_event("warning", "accept_failed", {{"reason", ec.message()}});
      retry_.expires_after(std::chrono::milliseconds(50));
      retry_.async_wait([this](error_code e) { if (!e) accept(); });
      return;
    }
    socket.set_option(tcp::no_delay(true), ec);
    if (size_t(ctx.metrics.connections()) >= options.max_connections) {
      static const std::string busy =
          "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
          "Connection: close\r\nContent-Length: 86\r\n\r\n"
          "{\"error\":{\"status\":503,\"code\":\"busy\",\"message\":\"too many connections; try again\"}}\n";
      socket.non_blocking(true, ec);
      socket.write_some(net::buffer(busy), ec);  // a best effort; the socket buffer holds it
      ctx.metrics.record(Route::none, 503, 0);
    } else {
      std::make_shared<Session>(std::move(socket), *this)->start();
    }
    accept();
  });
}

void Server::on_signal(error_code ec, int signal) {
  if (ec) return;
  if (signal == SIGHUP) {
    log_event("info", "reload_requested");
    if (reloader_.joinable()) reloader_.join();  // one reload at a time
    reloader_ = std::thread([this] {
      ctx.metrics.reload(ctx.catalog.load(options, false));
      ctx.metrics.set_assessments(long(ctx.catalog.get()->by_id.size()));
    });
    signals_.async_wait([this](error_code e, int s) { on_signal(e, s); });
    return;
  }
  begin_stop();
}

void Server::begin_stop() {
  stopping.store(true, std::memory_order_release);
  error_code ignored;
  // Connections the kernel already completed are waiting in the backlog: their clients have
  // sent, or are sending, a request. Take them in before closing, so none is reset.
  acceptor_.non_blocking(true, ignored);
  for (size_t n = 0; n < options.max_connections; ++n) {
    tcp::socket socket(next_context());
    acceptor_.accept(socket, ignored);
    if (ignored) break;
    std::make_shared<Session>(std::move(socket), *this)->start();
  }
  acceptor_.close(ignored);
  signals_.cancel(ignored);
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    for (auto& [p, w] : sessions_)
      if (auto s = w.lock()) open.push_back(std::move(s));
  }
  log_event("info", "stopping", {{"open_connections", open.size()}});
  deadline_.expires_after(seconds(options.shutdown_timeout_s));
  deadline_.async_wait([this](error_code e) {
    if (e) return;  // every connection closed in time
    log_event("warning", "stop_timeout", {{"open_connections", ctx.metrics.connections()}});
    for (auto& c : iocs_) c->stop();
  });
  for (auto& s : open) net::post(s->executor(), [s] { s->stop(); });
  open.clear();
  for (auto& g : keep_running_) g.reset();  // each context returns once its connections are gone
  std::lock_guard<std::mutex> lock(sessions_mu_);
  if (sessions_.empty()) deadline_.cancel();
}

int Server::run() {
  if (!listen()) return 2;
  accept();
  signals_.async_wait([this](error_code e, int s) { on_signal(e, s); });
  std::vector<std::thread> pool;
  for (size_t i = 1; i < iocs_.size(); ++i) {
    keep_running_.push_back(net::make_work_guard(*iocs_[i]));  // idle contexts wait for connections
    pool.emplace_back([this, i] { iocs_[i]->run(); });
  }
  ioc_.run();
  for (auto& t : pool) t.join();
  if (reloader_.joinable()) reloader_.join();
  log_event("info", "stopped", {{"answered", tally.answered.load()},
                                {"unwritten", tally.unwritten.load()},
                                {"cut_off", tally.cut_off.load()}});
  return 0;
}

}  // namespace

int run_server(const ServeOptions& options, CatalogHolder& catalog, Metrics& metrics) {
  Server server(options, catalog, metrics);
  return server.run();
}

}  // namespace signpost::serve
