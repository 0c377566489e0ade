-- A Black-Friday burst through async intake: ORDERS new Salesforce orders, each posted once with
-- Prefer: respond-async and its own Idempotency-Key, as fast as the connections allow; each thread
-- stops after its share. Arguments: run id, orders, token, customer ids (comma list), wrk threads
-- (each thread has its own Lua state, so the count cannot be learnt from setup()).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  run, token = args[1], args[3]
  share = math.ceil(tonumber(args[2]) / tonumber(args[5]))
  customers = {}
  for id in string.gmatch(args[4], "[^,]+") do
    table.insert(customers, id)
  end
  sent, answered, statuses = 0, 0, {}
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
  answered = answered + 1
  if answered >= share then
    wrk.thread:stop()
  end
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
