-- wrk script: print p50 and p99 latency in microseconds, easy to parse.
function done(summary, latency, requests)
  io.write(string.format("P50_US %d\nP99_US %d\n", latency:percentile(50), latency:percentile(99)))
end
