-- Rotate through the paths listed (one per line) in the file named by WRK_PATHS, and print the
-- latency percentiles as one JSON line at the end.
local paths = {}
local index = 0

init = function(args)
  for line in io.lines(os.getenv("WRK_PATHS")) do
    if line ~= "" then paths[#paths + 1] = line end
  end
end

request = function()
  index = (index % #paths) + 1
  return wrk.format("GET", paths[index])
end

done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "non_2xx": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
