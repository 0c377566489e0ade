#!/usr/bin/env bash
# The local benchmark: in one run on this machine, start a bare Kestrel endpoint (C0), two Odoo
# sandboxes (100 ms and 0 ms latency) and a Release gateway in front of each, drive them with wrk
# and an open-model load, and print the figures side by side. Everything listens on 127.0.0.1 and
# everything started here is stopped on exit. It prints numbers; it asserts none.
#
#   loadtests/bench/run.sh                  # about 3 minutes once built
#   BENCH_SECONDS=20 loadtests/bench/run.sh # longer measurement windows
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

seconds=${BENCH_SECONDS:-10}   # each measurement
warmup=${BENCH_WARMUP:-2}      # each warm-up, discarded
# The first load on a fresh gateway process mostly measures the JIT (tiered compilation reaches
# optimized code only after tens of seconds of traffic on 2 cores): the cache-hit GET gets a long warm-up.
gateway_warmup=${BENCH_GATEWAY_WARMUP:-20}
connections=${BENCH_CONNECTIONS:-64}
miss_connections=${BENCH_MISS_CONNECTIONS:-8}   # saturates the Odoo-bound gateway: its capacity, which the 2x run doubles
# Below the 6 Odoo slots reads may use (8 less 2 reserved for writes): the added latency is the gateway's, not a queue's.
latency_connections=${BENCH_LATENCY_CONNECTIONS:-4}
repeats=${BENCH_ORDER_REPEATS:-3}               # posts per Salesforce order id, same Idempotency-Key
intake_seconds=${BENCH_INTAKE_SECONDS:-2}       # length of the async intake burst (its drain takes far longer)
operation_rounds=${BENCH_OPERATION_ROUNDS:-10}  # each operation's requests, one at a time, against the 100 ms sandbox
port_base=${BENCH_PORT_BASE:-18060}
c0_port=$((port_base + 0)) sandbox_slow_port=$((port_base + 1)) sandbox_fast_port=$((port_base + 2))
gateway_slow_port=$((port_base + 3)) gateway_fast_port=$((port_base + 4))
skus="DESK0005,DESK0006,E-COM07,E-COM08,E-COM10,E-COM11,E-COM12,E-COM13,FURN_7777,FURN_8888"
customers="4,5,6,7,8,9,12,13"

# ---- prerequisites -------------------------------------------------------------------------
need() { command -v "$1" >/dev/null || { echo "missing: $1 ($2)" >&2; exit 1; }; }
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing wrk (apt-get install -y wrk)"
    apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
  else
    echo "missing: wrk (sudo apt-get install -y wrk)" >&2; exit 1
  fi
fi
need dotnet "the .NET 10 SDK"; need curl "apt-get install -y curl"; need openssl "apt-get install -y openssl"
for port in $c0_port $sandbox_slow_port $sandbox_fast_port $gateway_slow_port $gateway_fast_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port on 127.0.0.1 is in use; set BENCH_PORT_BASE to a free range" >&2; exit 1
  fi
done

out=$(mktemp -d /tmp/retailgateway-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

# ---- build (Release) -----------------------------------------------------------------------
echo "building Release (logs in $out) ..."
for project in src/RetailGateway.OdooSandbox src/RetailGateway.Api loadtests/bench/BenchTool; do
  dotnet build -c Release -nologo -v q "$project" >"$out/build-$(basename "$project").log" 2>&1 \
    || { echo "build of $project failed, see $out/build-$(basename "$project").log" >&2; exit 1; }
done
bin() { echo "$root/$1/bin/Release/net10.0"; }

# ---- a signing key and tokens, as an identity provider would issue them -----------------------
issuer="https://login.bench.local/" audience="api://retailgateway-bench"
openssl rand 32 >"$out/signing.key"
key_hex=$(od -An -tx1 "$out/signing.key" | tr -d ' \n')
key_b64=$(openssl base64 -A <"$out/signing.key")
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
mint() { # client id, roles as a JSON list's items
  local header payload signature
  header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"%s","aud":"%s","azp":"%s","sub":"%s","roles":[%s],"iat":%d,"nbf":%d,"exp":%d}' \
    "$issuer" "$audience" "$1" "$1" "$2" "$now" "$((now - 60))" "$((now + 3600))" | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | b64url)
  echo "$header.$payload.$signature"
}
token=$(mint bench-client '"Stock.Read","Orders.Read","Orders.Write","Customers.Read","Customers.Write"')
# The scraper's own token: /metrics needs Metrics.Read, which no API client gets.
metrics_token=$(mint bench-prometheus '"Metrics.Read"')

# ---- start everything ----------------------------------------------------------------------
wait_for() { # url, name
  for _ in $(seq 1 120); do curl -sf -o /dev/null "$1" && return 0; sleep 0.25; done
  echo "$2 did not come up at $1; see $out/$2.log" >&2; exit 1
}
start_sandbox() { # port, latency, name
  (cd "$(bin src/RetailGateway.OdooSandbox)" && ASPNETCORE_ENVIRONMENT=Production Sandbox__Version=17 Sandbox__Latency="$2" \
    Logging__LogLevel__Default=Warning exec dotnet RetailGateway.OdooSandbox.dll --urls "http://127.0.0.1:$1") >"$out/$3.log" 2>&1 &
  pids+=($!)
}
# One client drives all the load, so its rate limits are lifted: the benchmark measures the gateway, not the limiter.
# Development authentication (locally signed HS256 tokens, as dotnet user-jwts makes): outside Development
# the gateway only accepts Entra ID tokens, which a local run cannot get. Signature validation costs the same.
start_gateway() { # port, sandbox port, name, cache TTL (stock, orders, customers)
  (cd "$(bin src/RetailGateway.Api)" && Caching__StockTtl="$4" Caching__OrderTtl="$4" Caching__CustomerTtl="$4" ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$1" \
    Odoo__Url="http://127.0.0.1:$2/" Odoo__Database=retail Odoo__Username=admin Odoo__ApiKey=sandbox-api-key Odoo__Protocol=JsonRpc \
    Authentication__Schemes__Bearer__ValidIssuer="$issuer" Authentication__Schemes__Bearer__ValidAudiences__0="$audience" \
    Authentication__Schemes__Bearer__SigningKeys__0__Issuer="$issuer" Authentication__Schemes__Bearer__SigningKeys__0__Value="$key_b64" \
    RateLimits__Read__TokenLimit=1000000000 RateLimits__Read__TokensPerPeriod=1000000000 \
    RateLimits__Write__TokenLimit=1000000000 RateLimits__Write__TokensPerPeriod=1000000000 \
    DataScopes__UnlistedClients=All Logging__LogLevel__Default=Warning exec dotnet RetailGateway.Api.dll) >"$out/$3.log" 2>&1 &
  pids+=($!)
  eval "$3_pid=$!"
}
start_sandbox_pid() { eval "$1_pid=${pids[-1]}"; }
(cd "$(bin loadtests/bench/BenchTool)" && exec dotnet BenchTool.dll c0 "http://127.0.0.1:$c0_port") >"$out/c0.log" 2>&1 &
pids+=($!)
start_sandbox "$sandbox_slow_port" 00:00:00.100 sandbox_slow
start_sandbox "$sandbox_fast_port" 00:00:00 sandbox_fast
start_sandbox_pid sandbox_fast
# The 100 ms gateway caches nothing, so that every GET there is a miss that calls Odoo; the 0 ms one
# caches for 5 s (the stock default), so its stock GETs are cache hits.
start_gateway "$gateway_slow_port" "$sandbox_slow_port" gateway_slow 00:00:00
start_gateway "$gateway_fast_port" "$sandbox_fast_port" gateway_fast 00:00:05
wait_for "http://127.0.0.1:$c0_port/" c0
wait_for "http://127.0.0.1:$sandbox_slow_port/web/version" sandbox_slow
wait_for "http://127.0.0.1:$sandbox_fast_port/web/version" sandbox_fast
wait_for "http://127.0.0.1:$gateway_slow_port/health/live" gateway_slow
wait_for "http://127.0.0.1:$gateway_fast_port/health/live" gateway_fast

stock_path="/api/v1/stock?skus=$skus"
for port in $gateway_slow_port $gateway_fast_port; do
  status=$(curl -s -o "$out/stock-check.json" -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port$stock_path")
  [ "$status" = 200 ] || { echo "GET $stock_path on port $port answered $status:" >&2; cat "$out/stock-check.json" >&2; exit 1; }
done

# ---- measuring -----------------------------------------------------------------------------
# wrk's "Requests/sec" and latency percentiles, in ms.
rps() { awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$1"; }
pct() { # file, percentile (50%, 99%)
  awk -v p="$2" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
    f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.2f", v * f }' "$1"
}
non2xx() { awk '/Non-2xx or 3xx responses/ { n = $NF } END { print n + 0 }' "$1"; }
measure() { # name, wrk arguments...
  local name=$1; shift
  wrk -t2 -d"${warmup}s" "$@" >/dev/null 2>&1 || true
  wrk -t2 -d"${seconds}s" --latency "$@" >"$out/$name.txt" 2>&1
}
auth=(-H "Authorization: Bearer $token")
rss() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
peak() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

echo "measuring: C0 ..."
measure c0 -c"$connections" "http://127.0.0.1:$c0_port/"
# CPU time (utime + stime) a process has used, in ms: shows which process a request's cost lands in.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }
echo "measuring: cache-hit stock GET (0 ms sandbox, after a ${gateway_warmup} s warm-up), and the same Odoo call straight to that sandbox ..."
measure direct_fast -c"$connections" -s loadtests/bench/lua/odoo-search-read.lua "http://127.0.0.1:$sandbox_fast_port/jsonrpc"
wrk -t2 -d"${gateway_warmup}s" -c"$connections" "${auth[@]}" "http://127.0.0.1:$gateway_fast_port$stock_path" >/dev/null 2>&1 || true
gateway_cpu_before=$(cpu_ms "$gateway_fast_pid") sandbox_cpu_before=$(cpu_ms "$sandbox_fast_pid")
wrk -t2 -d"${seconds}s" --latency -c"$connections" "${auth[@]}" "http://127.0.0.1:$gateway_fast_port$stock_path" >"$out/stock_fast.txt" 2>&1
gateway_cpu=$(( $(cpu_ms "$gateway_fast_pid") - gateway_cpu_before )) sandbox_cpu=$(( $(cpu_ms "$sandbox_fast_pid") - sandbox_cpu_before ))
echo "measuring: cache-miss latency (100 ms sandbox, direct and through the gateway) ..."
measure direct_slow -c"$miss_connections" -s loadtests/bench/lua/odoo-search-read.lua "http://127.0.0.1:$sandbox_slow_port/jsonrpc"
wrk -t2 -d"${gateway_warmup}s" -c"$miss_connections" "${auth[@]}" "http://127.0.0.1:$gateway_slow_port$stock_path" >/dev/null 2>&1 || true
measure stock_slow -c"$miss_connections" "${auth[@]}" "http://127.0.0.1:$gateway_slow_port$stock_path"
measure direct_slow_latency -c"$latency_connections" -s loadtests/bench/lua/odoo-search-read.lua "http://127.0.0.1:$sandbox_slow_port/jsonrpc"
measure stock_slow_latency -c"$latency_connections" "${auth[@]}" "http://127.0.0.1:$gateway_slow_port$stock_path"

echo "measuring: each operation one at a time, $operation_rounds times (100 ms sandbox, no cache) ..."
(cd "$(bin loadtests/bench/BenchTool)" && dotnet BenchTool.dll operations "http://127.0.0.1:$gateway_slow_port" "$token" "$operation_rounds") >"$out/operations.txt"

echo "measuring: idempotent order POST (0 ms sandbox) ..."
run_id=$(openssl rand -hex 3)
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s loadtests/bench/lua/orders.lua "http://127.0.0.1:$gateway_fast_port" \
  -- "$run_id" "$repeats" "$token" "$customers" sync >"$out/orders.txt" 2>&1
# What Odoo holds: every order whose client_order_ref carries this run's prefix.
curl -s -H 'Content-Type: application/json' "http://127.0.0.1:$sandbox_fast_port/jsonrpc" -d '{"jsonrpc":"2.0","method":"call","id":1,"params":{"service":"object","method":"execute_kw","args":["retail",2,"sandbox-api-key","sale.order","search_read",[[["client_order_ref","like","BENCH'"$run_id"'"]]],{"fields":["client_order_ref"]}]}}' \
  | grep -o '"client_order_ref":"[^"]*"' | sort >"$out/orders-in-odoo.txt" || true
orders_created=$(wc -l <"$out/orders-in-odoo.txt")
orders_distinct=$(uniq <"$out/orders-in-odoo.txt" | wc -l)
orders_ids_sent=$(sed -n 's/.*orders_ids_sent=\([0-9]*\).*/\1/p' "$out/orders.txt")
orders_statuses=$(sed -n 's/.*statuses=\([^ ]*\).*/\1/p' "$out/orders.txt")

echo "measuring: async intake burst of ${intake_seconds} s (0 ms sandbox), then its drain into Odoo ..."
# Orders queued in the gateway and not yet in Odoo, from its Prometheus endpoint (every priority class).
intake_queued() { curl -s -H "Authorization: Bearer $metrics_token" "http://127.0.0.1:$gateway_fast_port/metrics" | awk '/^retailgateway_intake_queued\{/ { n += $NF } END { print n + 0 }'; }
intake_run=$(openssl rand -hex 3)
intake_start=$(date +%s.%N)
wrk -t2 -c"$connections" -d"${intake_seconds}s" --latency -s loadtests/bench/lua/orders.lua "http://127.0.0.1:$gateway_fast_port" \
  -- "$intake_run" 1 "$token" "$customers" async >"$out/intake.txt" 2>&1
intake_burst_end=$(date +%s.%N)
intake_backlog=$(intake_queued)
for _ in $(seq 1 2400); do [ "$(intake_queued)" = 0 ] && break; sleep 0.25; done   # at most 10 minutes
intake_drained=$(date +%s.%N)
intake_left=$(intake_queued)
curl -s -H 'Content-Type: application/json' "http://127.0.0.1:$sandbox_fast_port/jsonrpc" -d '{"jsonrpc":"2.0","method":"call","id":1,"params":{"service":"object","method":"execute_kw","args":["retail",2,"sandbox-api-key","sale.order","search_read",[[["client_order_ref","like","ASYNC'"$intake_run"'"],["state","=","sale"]]],{"fields":["client_order_ref"]}]}}' \
  | grep -o '"client_order_ref":"[^"]*"' | sort >"$out/intake-in-odoo.txt" || true
intake_in_odoo=$(wc -l <"$out/intake-in-odoo.txt")
intake_distinct=$(uniq <"$out/intake-in-odoo.txt" | wc -l)
intake_accepted=$(sed -n 's/.*statuses=.*202:\([0-9]*\).*/\1/p' "$out/intake.txt")
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

rss_before_overload=$(rss "$gateway_fast_pid")
capacity=$(rps "$out/stock_fast.txt")
# BenchTool opens a connection per outstanding request: beyond a few thousand requests/s on this box it
# measures itself (and tens of thousands run it out of memory), so the open-model rates are capped.
max_open_rate=${BENCH_OPEN_MAX_RATE:-4000}
half=$((capacity / 2)) double=$((capacity * 2))
open_capped=""
if [ "$double" -gt "$max_open_rate" ]; then
  open_capped=" (capped at BENCH_OPEN_MAX_RATE=$max_open_rate; 2x and ½x the capacity would be $double/s and $half/s)"
  double=$max_open_rate half=$((max_open_rate / 4))
fi
echo "measuring: open-model stock GET at half ($half/s) and twice ($double/s) the measured capacity ..."
open_load() { (cd "$(bin loadtests/bench/BenchTool)" && dotnet BenchTool.dll open-load "http://127.0.0.1:$gateway_fast_port$stock_path" "$token" "$1" "$2"); }
open_load "$half" "$seconds" >"$out/open_half.txt"
open_load "$double" "$seconds" >"$out/open_double.txt"
# The overload that matters for Odoo: twice what the Odoo-bound gateway (100 ms sandbox, no cache) can serve.
slow_capacity=$(rps "$out/stock_slow.txt")
slow_double=$(( slow_capacity * 2 > 2 ? slow_capacity * 2 : 2 ))
echo "measuring: open-model cache-miss stock GET at twice ($slow_double/s) the Odoo-bound capacity ..."
(cd "$(bin loadtests/bench/BenchTool)" && dotnet BenchTool.dll open-load "http://127.0.0.1:$gateway_slow_port$stock_path" "$token" "$slow_double" "$seconds") >"$out/open_slow_double.txt"
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" "$1"; }

# ---- report --------------------------------------------------------------------------------
c0_rps=$(rps "$out/c0.txt")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0) ? a / b : 0 }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }
cat <<EOF

RetailGateway benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), dotnet $(dotnet --version)
wrk -t2, ${seconds} s per measurement after a ${warmup} s warm-up (${gateway_warmup} s for the first load on each gateway); everything on 127.0.0.1; raw output in $out

measurement                                   req/s     p50 ms    p99 ms   other
C0 bare Kestrel (fixed bytes), -c$connections           $(printf '%8s  %8s  %8s' "$c0_rps" "$(pct "$out/c0.txt" 50%)" "$(pct "$out/c0.txt" 99%)")   non-2xx $(non2xx "$out/c0.txt")
cache-hit stock GET, 10 SKUs, JWT, -c$connections      $(printf '%8s  %8s  %8s' "$(rps "$out/stock_fast.txt")" "$(pct "$out/stock_fast.txt" 50%)" "$(pct "$out/stock_fast.txt" 99%)")   ratio to C0 $(ratio "$(rps "$out/stock_fast.txt")" "$c0_rps"), non-2xx $(non2xx "$out/stock_fast.txt")
  (stock cached 5 s: one Odoo call per 5 s, the rest are hits; validated-token cache and URL versioning on)
  for scale, the Odoo call a miss makes, straight to the 0 ms sandbox  $(printf '%8s  %8s  %8s' "$(rps "$out/direct_fast.txt")" "$(pct "$out/direct_fast.txt" 50%)" "$(pct "$out/direct_fast.txt" 99%)")   non-2xx $(non2xx "$out/direct_fast.txt")
  CPU per stock GET during the -c$connections run: gateway $(awk -v c="$gateway_cpu" -v n="$(awk '/requests in/ { print $1 }' "$out/stock_fast.txt")" 'BEGIN { printf "%.2f", c / n }') ms, sandbox $(awk -v c="$sandbox_cpu" -v n="$(awk '/requests in/ { print $1 }' "$out/stock_fast.txt")" 'BEGIN { printf "%.2f", c / n }') ms
stock GET open model at half capacity (${half}/s)  $(printf '%8s  %8s  %8s' "$(field "$out/open_half.txt" sent_rps)" "$(field "$out/open_half.txt" admitted_p50_ms)" "$(field "$out/open_half.txt" admitted_p99_ms)")   statuses $(field "$out/open_half.txt" statuses)
cache miss, 100 ms sandbox, -c$miss_connections (saturated):
  direct JSON-RPC search_read on the sandbox  $(printf '%8s  %8s  %8s' "$(rps "$out/direct_slow.txt")" "$(pct "$out/direct_slow.txt" 50%)" "$(pct "$out/direct_slow.txt" 99%)")   non-2xx $(non2xx "$out/direct_slow.txt")
  stock GET through the gateway, no cache     $(printf '%8s  %8s  %8s' "$(rps "$out/stock_slow.txt")" "$(pct "$out/stock_slow.txt" 50%)" "$(pct "$out/stock_slow.txt" 99%)")   non-2xx $(non2xx "$out/stock_slow.txt")
cache miss, 100 ms sandbox, -c$latency_connections (below the 6 read slots):
  direct JSON-RPC search_read on the sandbox  $(printf '%8s  %8s  %8s' "$(rps "$out/direct_slow_latency.txt")" "$(pct "$out/direct_slow_latency.txt" 50%)" "$(pct "$out/direct_slow_latency.txt" 99%)")   non-2xx $(non2xx "$out/direct_slow_latency.txt")
  stock GET through the gateway, no cache     $(printf '%8s  %8s  %8s' "$(rps "$out/stock_slow_latency.txt")" "$(pct "$out/stock_slow_latency.txt" 50%)" "$(pct "$out/stock_slow_latency.txt" 99%)")   non-2xx $(non2xx "$out/stock_slow_latency.txt")
  gateway's added latency                                $(printf '%8s  %8s' "$(minus "$(pct "$out/stock_slow_latency.txt" 50%)" "$(pct "$out/direct_slow_latency.txt" 50%)")" "$(minus "$(pct "$out/stock_slow_latency.txt" 99%)" "$(pct "$out/direct_slow_latency.txt" 99%)")")
idempotent order POST, 0 ms sandbox, -c$connections  $(printf '%8s  %8s  %8s' "$(rps "$out/orders.txt")" "$(pct "$out/orders.txt" 50%)" "$(pct "$out/orders.txt" 99%)")   statuses $orders_statuses
  each Salesforce id posted $repeats times with one Idempotency-Key: ids posted $orders_ids_sent, orders in Odoo $orders_created, distinct Salesforce ids in Odoo $orders_distinct, duplicates $((orders_created - orders_distinct))
async intake burst, 0 ms sandbox, -c$connections    $(printf '%8s  %8s  %8s' "$(rps "$out/intake.txt")" "$(pct "$out/intake.txt" 50%)" "$(pct "$out/intake.txt" 99%)")   statuses $(field "$out/intake.txt" statuses)
  new orders, each posted once to POST /api/v2/order-submissions (in-memory queue, Intake:Workers 2), for $(seconds_between "$intake_start" "$intake_burst_end") s: $intake_backlog still queued at its end;
  drained $(seconds_between "$intake_burst_end" "$intake_drained") s later (still queued: $intake_left): $(awk -v n="$intake_backlog" -v a="$intake_burst_end" -v b="$intake_drained" 'BEGIN { printf "%.0f", (b > a) ? n / (b - a) : 0 }') orders/s into Odoo after the burst;
  accepted (202) $intake_accepted, confirmed in Odoo $intake_in_odoo, distinct Salesforce ids $intake_distinct, duplicates $((intake_in_odoo - intake_distinct)), lost $((intake_accepted > intake_in_odoo ? intake_accepted - intake_in_odoo : 0))
2x capacity, open model (offered ${double}/s for ${seconds} s, 10 s client timeout)${open_capped}:
  sent $(field "$out/open_double.txt" sent_rps)/s, requests $(field "$out/open_double.txt" requests), statuses $(field "$out/open_double.txt" statuses)
  rejected (429/503) $(field "$out/open_double.txt" rejected): p50 $(field "$out/open_double.txt" rejected_p50_ms) ms, p99 $(field "$out/open_double.txt" rejected_p99_ms) ms; timeouts $(field "$out/open_double.txt" timeouts), connection errors $(field "$out/open_double.txt" failed)
  admitted (2xx): p50 $(field "$out/open_double.txt" admitted_p50_ms) ms, p99 $(field "$out/open_double.txt" admitted_p99_ms) ms (at half capacity: p99 $(field "$out/open_half.txt" admitted_p99_ms) ms)
2x the Odoo-bound capacity, open model (cache-miss stock GET against the 100 ms sandbox, offered ${slow_double}/s for ${seconds} s, 10 s client timeout):
  sent $(field "$out/open_slow_double.txt" sent_rps)/s, requests $(field "$out/open_slow_double.txt" requests), statuses $(field "$out/open_slow_double.txt" statuses)
  rejected (429/503) $(field "$out/open_slow_double.txt" rejected): p50 $(field "$out/open_slow_double.txt" rejected_p50_ms) ms, p99 $(field "$out/open_slow_double.txt" rejected_p99_ms) ms; timeouts $(field "$out/open_slow_double.txt" timeouts), connection errors $(field "$out/open_slow_double.txt" failed)
  admitted (2xx): p50 $(field "$out/open_slow_double.txt" admitted_p50_ms) ms, p99 $(field "$out/open_slow_double.txt" admitted_p99_ms) ms (closed loop at capacity: p99 $(pct "$out/stock_slow.txt" 99%))
each operation one at a time, 100 ms sandbox, no cache (latency is mostly sequential Odoo round trips):
$(sed 's/^/  /' "$out/operations.txt")
gateway working set (VmRSS, MB): 0 ms gateway before the 2x run $rss_before_overload; after the run (VmRSS / peak VmHWM):
  gateway in front of the 100 ms sandbox      $(rss "$gateway_slow_pid") MB / $(peak "$gateway_slow_pid") MB
  gateway in front of the 0 ms sandbox        $(rss "$gateway_fast_pid") MB / $(peak "$gateway_fast_pid") MB
EOF
