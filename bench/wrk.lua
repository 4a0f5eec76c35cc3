-- Rotate through the paths listed in the file named by WRK_PATHS, one per line, each with a tab
-- and the ETag to send in If-None-Match (nothing after the tab: no such header). Count the
-- answers whose status is not the one WRK_EXPECT names ("2xx", or a status such as "304"),
-- and print the latency percentiles as one JSON line at the end.
local threads = {}
local requests = {}
local index = 0
local expected = os.getenv("WRK_EXPECT") or "2xx"

setup = function(thread)
  threads[#threads + 1] = thread
end

init = function(args)
  unexpected = 0
  for line in io.lines(os.getenv("WRK_PATHS")) do
    local path, etag = line:match("^([^\t]+)\t?(.*)$")
    if path then
      -- wrk.format() sends the headers given instead of wrk's own (Host, -H): copied here.
      local headers = {}
      for name, value in pairs(wrk.headers) do headers[name] = value end
      if etag ~= "" then headers["If-None-Match"] = etag end
      requests[#requests + 1] = wrk.format("GET", path, headers)
    end
  end
end

request = function()
  index = (index % #requests) + 1
  return requests[index]
end

response = function(status, headers, body)
  local ok
  if expected == "2xx" then ok = status >= 200 and status < 300 else ok = tostring(status) == expected end
  if not ok then unexpected = unexpected + 1 end
end

done = function(summary, latency, requests)
  local total_unexpected = 0
  for _, thread in ipairs(threads) do total_unexpected = total_unexpected + thread:get("unexpected") end
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "unexpected": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    total_unexpected,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
