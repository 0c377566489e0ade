-- Order submissions. Every Salesforce order id is posted REPEATS times in a row with the same
-- Idempotency-Key; wrk hands consecutive requests to different connections, so copies race each
-- other as Salesforce retries do. With MODE "async", each new order is posted once to v2's
-- POST /api/v2/order-submissions, as a Black-Friday burst through async intake.
-- Arguments: run id, repeats, token, customer ids (comma list), mode ("sync" or "async").
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  run, repeats, token = args[1], tonumber(args[2]), args[3]
  customers = {}
  for id in string.gmatch(args[4], "[^,]+") do
    table.insert(customers, id)
  end
  async = args[5] == "async"
  sent, statuses = 0, {}
end

function request()
  local order = math.floor(sent / repeats)
  sent = sent + 1
  local salesforce_id = string.format("%s%st%dn%d", async and "ASYNC" or "BENCH", run, thread_id, order)
  local body = string.format('{"salesforceId":"%s","customerId":"%s","lines":[{"sku":"E-COM07","quantity":1}]}',
    salesforce_id, customers[order % #customers + 1])
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = salesforce_id,
  }
  return wrk.format("POST", async and "/api/v2/order-submissions" or "/api/v1/orders", headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local ids, mix = 0, {}
  for _, thread in ipairs(threads) do
    ids = ids + math.ceil(thread:get("sent") / thread:get("repeats"))
    for status, count in pairs(thread:get("statuses")) do
      mix[status] = (mix[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(mix) do
    table.insert(parts, status .. ":" .. count)
  end
  table.sort(parts)
  io.write(string.format("orders_ids_sent=%d statuses=%s\n", ids, table.concat(parts, ",")))
end
