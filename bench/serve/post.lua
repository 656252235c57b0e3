-- wrk script: POST one answers document (ANSWERS, a file path) to the evaluate route.
local path = os.getenv("ANSWERS") or "rules/examples/self-check-answers.json"
local f = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

-- No response() callback: wrk would then hand every header and body to Lua, costing CPU the
-- service shares on this machine. Non-2xx responses are counted in summary.errors.status.
-- one line wrk's caller parses: requests, non-2xx (from every thread), latency percentiles in microseconds
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d errors=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
