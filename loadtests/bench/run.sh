#!/usr/bin/env bash
# The local benchmark: in one run on this machine, start a bare Kestrel endpoint (C0), two Odoo
# sandboxes (100 ms and 0 ms latency) and a Release gateway in front of each, drive them with wrk
# and an open-model load, and print the figures side by side. Everything listens on 127.0.0.1 and
# everything started here is stopped on exit. It prints the figures and, for
# each target, a verdict (meets / misses); it exits 0 either way.
#
#   loadtests/bench/run.sh                  # 7 to 10 minutes once built
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
pairs=${BENCH_PAIRS:-3}                         # C0 / cache-hit pairs, each run back to back: the ratio is their median
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
# Each phase's peak working set on each gateway: VmHWM, reset at the phase's start by writing 5 to
# /proc/<pid>/clear_refs (Linux 4.0+). Where the reset is refused the peaks are since start-up.
phase_peaks=() current_phase="start-up" peak_reset=yes
phase() { # the next phase's name, or "" after the last
  phase_peaks+=("$current_phase|$(peak "$gateway_slow_pid")|$(peak "$gateway_fast_pid")")
  current_phase=$1
  for pid in $gateway_slow_pid $gateway_fast_pid; do echo 5 2>/dev/null >"/proc/$pid/clear_refs" || peak_reset=no; done
}

# CPU time (utime + stime) a process has used, in ms: shows which process a request's cost lands in.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }
requests_in() { awk '/requests in/ { print $1 }' "$1"; }
phase "C0 / cache-hit pairs"
echo "measuring: the Odoo call a miss makes, straight to the 0 ms sandbox; the cache-hit stock GET's ${gateway_warmup} s warm-up ..."
measure direct_fast -c"$connections" -s loadtests/bench/lua/odoo-search-read.lua "http://127.0.0.1:$sandbox_fast_port/jsonrpc"
wrk -t2 -d"${gateway_warmup}s" -c"$connections" "${auth[@]}" "http://127.0.0.1:$gateway_fast_port$stock_path" >/dev/null 2>&1 || true
# The load tool shares the cores with the server, so one C0 figure and one gateway figure taken minutes apart
# make a noisy ratio: each pair runs back to back, and the ratio printed is the median pair's.
gateway_cpu=0 sandbox_cpu=0 stock_requests=0
: >"$out/pairs.txt"
for i in $(seq 1 "$pairs"); do
  echo "measuring: C0 / cache-hit stock GET pair $i of $pairs ..."
  measure "c0_$i" -c"$connections" "http://127.0.0.1:$c0_port/"
  wrk -t2 -d"${warmup}s" -c"$connections" "${auth[@]}" "http://127.0.0.1:$gateway_fast_port$stock_path" >/dev/null 2>&1 || true
  gateway_cpu_before=$(cpu_ms "$gateway_fast_pid") sandbox_cpu_before=$(cpu_ms "$sandbox_fast_pid")
  wrk -t2 -d"${seconds}s" --latency -c"$connections" "${auth[@]}" "http://127.0.0.1:$gateway_fast_port$stock_path" >"$out/stock_fast_$i.txt" 2>&1
  gateway_cpu=$(( gateway_cpu + $(cpu_ms "$gateway_fast_pid") - gateway_cpu_before )) sandbox_cpu=$(( sandbox_cpu + $(cpu_ms "$sandbox_fast_pid") - sandbox_cpu_before ))
  stock_requests=$(( stock_requests + $(requests_in "$out/stock_fast_$i.txt") ))
  awk -v i="$i" -v s="$(rps "$out/stock_fast_$i.txt")" -v c="$(rps "$out/c0_$i.txt")" \
    'BEGIN { printf "%d %.4f %d %d\n", i, (c > 0) ? s / c : 0, c, s }' >>"$out/pairs.txt"
done
# pairs.txt: pair, ratio, C0 req/s, gateway req/s. The median pair's files stand for the pair in the table.
sort -k2,2g "$out/pairs.txt" >"$out/pairs-sorted.txt"
median_pair=$(awk -v n="$pairs" 'NR == int((n + 1) / 2) { print $1 }' "$out/pairs-sorted.txt")
cp "$out/c0_$median_pair.txt" "$out/c0.txt"; cp "$out/stock_fast_$median_pair.txt" "$out/stock_fast.txt"
ratio_median=$(awk -v p="$median_pair" '$1 == p { printf "%.3f", $2 }' "$out/pairs.txt")
ratio_min=$(awk 'NR == 1 { printf "%.3f", $2 }' "$out/pairs-sorted.txt")
ratio_max=$(awk 'END { printf "%.3f", $2 }' "$out/pairs-sorted.txt")
phase "cache miss"
echo "measuring: cache-miss latency (100 ms sandbox, direct and through the gateway) ..."
measure direct_slow -c"$miss_connections" -s loadtests/bench/lua/odoo-search-read.lua "http://127.0.0.1:$sandbox_slow_port/jsonrpc"
wrk -t2 -d"${gateway_warmup}s" -c"$miss_connections" "${auth[@]}" "http://127.0.0.1:$gateway_slow_port$stock_path" >/dev/null 2>&1 || true
measure stock_slow -c"$miss_connections" "${auth[@]}" "http://127.0.0.1:$gateway_slow_port$stock_path"
measure direct_slow_latency -c"$latency_connections" -s loadtests/bench/lua/odoo-search-read.lua "http://127.0.0.1:$sandbox_slow_port/jsonrpc"
measure stock_slow_latency -c"$latency_connections" "${auth[@]}" "http://127.0.0.1:$gateway_slow_port$stock_path"

phase "operations one at a time"
echo "measuring: each operation one at a time, $operation_rounds times (100 ms sandbox, no cache; then the 0 ms sandbox) ..."
(cd "$(bin loadtests/bench/BenchTool)" && dotnet BenchTool.dll operations "http://127.0.0.1:$gateway_slow_port" "$token" "$operation_rounds") >"$out/operations.txt"
# The same against the 0 ms sandbox: an order there is the gateway's own time plus the sandbox's in-process work.
(cd "$(bin loadtests/bench/BenchTool)" && dotnet BenchTool.dll operations "http://127.0.0.1:$gateway_fast_port" "$token" "$operation_rounds") >"$out/operations_fast.txt"

phase "idempotent order POST"
echo "measuring: idempotent order POST (0 ms sandbox) ..."
run_id=$(openssl rand -hex 3)
gateway_cpu_before=$(cpu_ms "$gateway_fast_pid") sandbox_cpu_before=$(cpu_ms "$sandbox_fast_pid")
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s loadtests/bench/lua/orders.lua "http://127.0.0.1:$gateway_fast_port" \
  -- "$run_id" "$repeats" "$token" "$customers" sync >"$out/orders.txt" 2>&1
orders_gateway_cpu=$(( $(cpu_ms "$gateway_fast_pid") - gateway_cpu_before )) orders_sandbox_cpu=$(( $(cpu_ms "$sandbox_fast_pid") - sandbox_cpu_before ))
# What Odoo holds: every order whose client_order_ref carries this run's prefix.
curl -s -H 'Content-Type: application/json' "http://127.0.0.1:$sandbox_fast_port/jsonrpc" -d '{"jsonrpc":"2.0","method":"call","id":1,"params":{"service":"object","method":"execute_kw","args":["retail",2,"sandbox-api-key","sale.order","search_read",[[["client_order_ref","like","BENCH'"$run_id"'"]]],{"fields":["client_order_ref"]}]}}' \
  | grep -o '"client_order_ref":"[^"]*"' | sort >"$out/orders-in-odoo.txt" || true
orders_created=$(wc -l <"$out/orders-in-odoo.txt")
orders_distinct=$(uniq <"$out/orders-in-odoo.txt" | wc -l)
orders_ids_sent=$(sed -n 's/.*orders_ids_sent=\([0-9]*\).*/\1/p' "$out/orders.txt")
orders_statuses=$(sed -n 's/.*statuses=\([^ ]*\).*/\1/p' "$out/orders.txt")

phase "async intake burst and drain"
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

phase "open model, cache hits"
rss_before_overload=$(rss "$gateway_fast_pid")
capacity=$(rps "$out/stock_fast.txt")   # the median pair's cache-hit rate
# BenchTool sends from a pool of 256 connections, every due request each millisecond: about 20,000/s on
# 2 cores while the gateway runs beside it. Rates above BENCH_OPEN_MAX_RATE are capped (and said so).
max_open_rate=${BENCH_OPEN_MAX_RATE:-20000}
half=$((capacity / 2)) double=$((capacity * 2))
open_capped="" half_capped=""
if [ "$double" -gt "$max_open_rate" ]; then
  open_capped=" (capped at BENCH_OPEN_MAX_RATE=$max_open_rate; 2x the capacity would be $double/s)"
  double=$max_open_rate
fi
if [ "$half" -gt "$max_open_rate" ]; then
  half_capped=" (capped at BENCH_OPEN_MAX_RATE; half the capacity would be $half/s)"
  half=$max_open_rate
fi
echo "measuring: open-model stock GET at half ($half/s) and twice ($double/s) the measured capacity ..."
open_load() { (cd "$(bin loadtests/bench/BenchTool)" && dotnet BenchTool.dll open-load "http://127.0.0.1:$gateway_fast_port$stock_path" "$token" "$1" "$2"); }
open_load "$half" "$seconds" >"$out/open_half.txt"
open_load "$double" "$seconds" >"$out/open_double.txt"
# The overload that matters for Odoo: twice what the Odoo-bound gateway (100 ms sandbox, no cache) can serve.
slow_capacity=$(rps "$out/stock_slow.txt")
slow_double=$(( slow_capacity * 2 > 2 ? slow_capacity * 2 : 2 ))
phase "open model, Odoo-bound"
echo "measuring: open-model cache-miss stock GET at twice ($slow_double/s) the Odoo-bound capacity ..."
(cd "$(bin loadtests/bench/BenchTool)" && dotnet BenchTool.dll open-load "http://127.0.0.1:$gateway_slow_port$stock_path" "$token" "$slow_double" "$seconds") >"$out/open_slow_double.txt"
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" "$1"; }
phase ""

# ---- report --------------------------------------------------------------------------------
c0_rps=$(rps "$out/c0.txt")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0) ? a / b : 0 }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }
per_second() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0) ? n / s : 0 }'; }
# A status's count in a "statuses=200:5,201:9" field (orders.lua, BenchTool).
status_count() { sed -n 's/.*statuses=\([^ ]*\).*/\1/p' "$1" | tr ',' '\n' | awk -F: -v s="$2" '$1 == s { n = $2 } END { print n + 0 }'; }
status_total() { sed -n 's/.*statuses=\([^ ]*\).*/\1/p' "$1" | tr ',' '\n' | awk -F: '{ n += $2 } END { print n + 0 }'; }
verdict() { [ "$1" = 1 ] && echo meets || echo misses; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "" && a != "n/a" && a + 0 <= b + 0) ? 1 : 0 }'; }

# Orders: each status on its own, created orders per second, what Odoo holds.
orders_201=$(status_count "$out/orders.txt" 201) orders_200=$(status_count "$out/orders.txt" 200)
orders_409=$(status_count "$out/orders.txt" 409) orders_503=$(status_count "$out/orders.txt" 503)
orders_other=$(( $(status_total "$out/orders.txt") - orders_201 - orders_200 - orders_409 - orders_503 ))
orders_socket_errors=$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$out/orders.txt")
# The gateway's share of an order's latency: one order at a time (BenchTool operations, 2 lines) over the 100 ms
# sandbox takes T100, over the 0 ms one T0. The difference is the sequential Odoo round trips times 100 ms;
# T0 is what is left without Odoo's latency: the gateway's own time plus the sandbox's in-process work
# (an upper bound for the gateway's). The -c64 p50 is mostly queueing for the write slots, not either's work.
order_op="POST /api/v1/orders (2 lines)"
order_t100=$(grep -F "$order_op" "$out/operations.txt" | sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p')
order_t0=$(grep -F "$order_op" "$out/operations_fast.txt" | sed -n 's/.*p50_ms=\([0-9.]*\).*/\1/p')
order_calls=$(awk -v a="$order_t100" -v b="$order_t0" 'BEGIN { printf "%.0f", (a - b) / 100 }')
order_share=$(awk -v a="$order_t100" -v b="$order_t0" 'BEGIN { printf "%.0f", (a > 0) ? 100 * b / a : 0 }')
cpu_per() { awk -v c="$1" -v n="$2" 'BEGIN { printf "%.2f", (n > 0) ? c / n : 0 }'; }

# Working set: each phase's peak on each gateway, and the highest.
ws_max=0 ws_where=""
for entry in "${phase_peaks[@]}"; do
  IFS='|' read -r name slow fast <<<"$entry"
  [ "$slow" -gt "$ws_max" ] && ws_max=$slow ws_where="$name, gateway in front of the 100 ms sandbox"
  [ "$fast" -gt "$ws_max" ] && ws_max=$fast ws_where="$name, gateway in front of the 0 ms sandbox"
done
miss_p50=$(minus "$(pct "$out/stock_slow_latency.txt" 50%)" "$(pct "$out/direct_slow_latency.txt" 50%)")
miss_p99=$(minus "$(pct "$out/stock_slow_latency.txt" 99%)" "$(pct "$out/direct_slow_latency.txt" 99%)")
half_sent=$(field "$out/open_half.txt" sent_rps) half_p99=$(field "$out/open_half.txt" admitted_p99_ms)
half_reached=$(awk -v s="$half_sent" -v o="$half" 'BEGIN { print (s >= 0.95 * o) ? 1 : 0 }')
half_non2xx=$(( $(status_total "$out/open_half.txt") - $(status_count "$out/open_half.txt" 200) ))
cat <<EOF

RetailGateway benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), dotnet $(dotnet --version)
wrk -t2, ${seconds} s per measurement after a ${warmup} s warm-up (${gateway_warmup} s for the first load on each gateway); everything on 127.0.0.1; raw output in $out

measurement                                   req/s     p50 ms    p99 ms   other
C0 bare Kestrel (fixed bytes), -c$connections           $(printf '%8s  %8s  %8s' "$c0_rps" "$(pct "$out/c0.txt" 50%)" "$(pct "$out/c0.txt" 99%)")   non-2xx $(non2xx "$out/c0.txt")
cache-hit stock GET, 10 SKUs, JWT, -c$connections      $(printf '%8s  %8s  %8s' "$(rps "$out/stock_fast.txt")" "$(pct "$out/stock_fast.txt" 50%)" "$(pct "$out/stock_fast.txt" 99%)")   ratio to C0 $(ratio "$(rps "$out/stock_fast.txt")" "$c0_rps"), non-2xx $(non2xx "$out/stock_fast.txt")
  (the two rows above: the median one of $pairs C0 / cache-hit pairs, each pair back to back; per pair, cache-hit / C0 req/s = ratio:
  $(awk '{ printf "%s%d / %d = %.3f", (NR > 1) ? "; " : "", $4, $3, $2 }' "$out/pairs.txt"); median $ratio_median, spread $ratio_min–$ratio_max)
  (stock cached 5 s: one Odoo call per 5 s, the rest are hits; validated-token cache and URL versioning on)
  for scale, the Odoo call a miss makes, straight to the 0 ms sandbox  $(printf '%8s  %8s  %8s' "$(rps "$out/direct_fast.txt")" "$(pct "$out/direct_fast.txt" 50%)" "$(pct "$out/direct_fast.txt" 99%)")   non-2xx $(non2xx "$out/direct_fast.txt")
  CPU per stock GET during the $pairs -c$connections runs: gateway $(cpu_per "$gateway_cpu" "$stock_requests") ms, sandbox $(cpu_per "$sandbox_cpu" "$stock_requests") ms
stock GET open model at half capacity (${half}/s)  $(printf '%8s  %8s  %8s' "$half_sent" "$(field "$out/open_half.txt" admitted_p50_ms)" "$half_p99")   statuses $(field "$out/open_half.txt" statuses)${half_capped}
  (latency from each request's scheduled send time, so time queued in the client counts; req/s is the rate actually sent)
cache miss, 100 ms sandbox, -c$miss_connections (saturated):
  direct JSON-RPC search_read on the sandbox  $(printf '%8s  %8s  %8s' "$(rps "$out/direct_slow.txt")" "$(pct "$out/direct_slow.txt" 50%)" "$(pct "$out/direct_slow.txt" 99%)")   non-2xx $(non2xx "$out/direct_slow.txt")
  stock GET through the gateway, no cache     $(printf '%8s  %8s  %8s' "$(rps "$out/stock_slow.txt")" "$(pct "$out/stock_slow.txt" 50%)" "$(pct "$out/stock_slow.txt" 99%)")   non-2xx $(non2xx "$out/stock_slow.txt")
cache miss, 100 ms sandbox, -c$latency_connections (below the 6 read slots):
  direct JSON-RPC search_read on the sandbox  $(printf '%8s  %8s  %8s' "$(rps "$out/direct_slow_latency.txt")" "$(pct "$out/direct_slow_latency.txt" 50%)" "$(pct "$out/direct_slow_latency.txt" 99%)")   non-2xx $(non2xx "$out/direct_slow_latency.txt")
  stock GET through the gateway, no cache     $(printf '%8s  %8s  %8s' "$(rps "$out/stock_slow_latency.txt")" "$(pct "$out/stock_slow_latency.txt" 50%)" "$(pct "$out/stock_slow_latency.txt" 99%)")   non-2xx $(non2xx "$out/stock_slow_latency.txt")
  gateway's added latency                                $(printf '%8s  %8s' "$(minus "$(pct "$out/stock_slow_latency.txt" 50%)" "$(pct "$out/direct_slow_latency.txt" 50%)")" "$(minus "$(pct "$out/stock_slow_latency.txt" 99%)" "$(pct "$out/direct_slow_latency.txt" 99%)")")
idempotent order POST, 0 ms sandbox, -c$connections, ${seconds} s (req/s column: orders created (201) per second; latency of every answer)
                                              $(printf '%8s  %8s  %8s' "$(per_second "$orders_201" "$seconds")" "$(pct "$out/orders.txt" 50%)" "$(pct "$out/orders.txt" 99%)")
  answers by status: 201 created $orders_201, 200 replayed $orders_200, 409 in progress $orders_409, 503 shed $orders_503, other $orders_other; no answer (wrk socket errors) ${orders_socket_errors:-0}
  each Salesforce id posted $repeats times with one Idempotency-Key: ids posted $orders_ids_sent, orders in Odoo $orders_created, distinct Salesforce ids in Odoo $orders_distinct, duplicates $((orders_created - orders_distinct))
  orders in Odoo without a counted 201: $((orders_created - orders_201)) (in flight when wrk stopped: created, their answers not read)
  Odoo-bound order capacity: $(per_second "$orders_created" "$seconds") orders/s created in the 0 ms sandbox (orders in Odoo / ${seconds} s, the gateway saturated at -c$connections)
  CPU per created order over the phase (replays, 409s and 503s included): gateway $(cpu_per "$orders_gateway_cpu" "$orders_201") ms, sandbox $(cpu_per "$orders_sandbox_cpu" "$orders_201") ms
  the gateway's share of an order's latency, one order (2 lines) at a time: p50 ${order_t100:-n/a} ms over the 100 ms sandbox, ${order_t0:-n/a} ms over the 0 ms one:
    about $order_calls sequential Odoo round trips of 100 ms; the ${order_t0:-n/a} ms left (gateway, plus the sandbox's in-process work) is ${order_share} % of the order's latency
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
gateway working set (VmRSS, MB): 0 ms gateway before the 2x run $rss_before_overload; at the end: 100 ms gateway $(rss "$gateway_slow_pid") MB, 0 ms gateway $(rss "$gateway_fast_pid") MB
  peak per phase (VmHWM$([ "$peak_reset" = yes ] && echo ", reset at each phase's start" || echo ": its reset was refused, so each is the peak since start-up"), MB)   100 ms gateway   0 ms gateway
$(for entry in "${phase_peaks[@]}"; do IFS='|' read -r name slow fast <<<"$entry"; printf '    %-46s %14s %14s\n' "$name" "$slow" "$fast"; done)

targets                                                    measured                                              verdict
$(printf '%-58s %-53s %s' "cache-hit GET >= 0.5 x C0" "$ratio_median (median of $pairs pairs, spread $ratio_min-$ratio_max)" "$(verdict "$(awk -v r="$ratio_median" 'BEGIN { print (r >= 0.5) ? 1 : 0 }')")")
$(printf '%-58s %-53s %s' "p99 <= 10 ms at half the cache-hit capacity (${half}/s)" "p99 $half_p99 ms, sent $half_sent/s, non-200 $half_non2xx" "$( [ "$half_reached" = 1 ] && [ -z "$half_capped" ] && [ "$half_non2xx" = 0 ] && verdict "$(at_most "$half_p99" 10)" || echo "misses (rate not offered or errors)")")
$(printf '%-58s %-53s %s' "cache-miss overhead <= 1 ms p50 / 5 ms p99 (-c$latency_connections)" "+$miss_p50 ms p50, +$miss_p99 ms p99" "$(verdict "$(( $(at_most "$miss_p50" 1) * $(at_most "$miss_p99" 5) ))")")
$(printf '%-58s %-53s %s' "working set <= 200 MB peak in every phase" "$ws_max MB ($ws_where)" "$(verdict "$(at_most "$ws_max" 200)")")
$(printf '%-58s %-53s %s' "orders: each 201 an order in Odoo, no duplicates" "$orders_201 x 201, $orders_created in Odoo, $((orders_created - orders_distinct)) duplicates" "$(verdict "$( [ "$orders_created" -ge "$orders_201" ] && [ "$orders_created" = "$orders_distinct" ] && echo 1 || echo 0)")")
$(printf '%-58s %-53s %s' "orders: created per second, Odoo-bound capacity" "$(per_second "$orders_201" "$seconds")/s created; gateway ${order_t0:-n/a} of ${order_t100:-n/a} ms p50" "(reported)")
EOF
