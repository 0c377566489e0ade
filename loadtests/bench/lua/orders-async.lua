-- A Black-Friday burst through async intake: new Salesforce orders, each posted once with
-- Prefer: respond-async and its own Idempotency-Key, as fast as the connections allow.
-- Arguments: run id, token, customer ids (comma list).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  run, token = args[1], args[2]
  customers = {}
  for id in string.gmatch(args[3], "[^,]+") do
    table.insert(customers, id)
  end
  sent, statuses = 0, {}
end

function request()
  local salesforce_id = string.format("ASYNC%st%dn%d", run, thread_id, sent)
  sent = sent + 1
  local body = string.format('{"salesforceId":"%s","customerId":"%s","lines":[{"sku":"E-COM07","quantity":1}]}',
    salesforce_id, customers[sent % #customers + 1])
  return wrk.format("POST", "/api/v2/orders", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = salesforce_id,
    ["Prefer"] = "respond-async",
  }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local mix = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      mix[status] = (mix[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(mix) do
    table.insert(parts, status .. ":" .. count)
  end
  table.sort(parts)
  io.write(string.format("statuses=%s\n", table.concat(parts, ",")))
end
