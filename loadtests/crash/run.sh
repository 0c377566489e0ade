#!/usr/bin/env bash
# The crash and restart run: two Release gateways, redis-server (AOF) and the Odoo sandbox as separate processes on
# 127.0.0.1; 1,000 Salesforce orders, each posted 3 times with one Idempotency-Key across both gateways, half queued;
# meanwhile gateways are killed with SIGKILL, Redis is killed and restarted (from its AOF, then empty), and Odoo is
# restarted. Then every order is counted in Odoo. It prints its figures and exits non-zero if an order was lost or
# doubled, a request was slower than the Apex budget, or any answer was a 500.
#
#   loadtests/crash/run.sh                          # about 3 minutes once built
#   CRASH_ORDERS=3000 loadtests/crash/run.sh        # more orders; any CrashTool option can follow: --copies 5
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
command -v redis-server >/dev/null || { echo "missing: redis-server (sudo apt-get install -y redis-server)" >&2; exit 1; }
for project in src/RetailGateway.OdooSandbox src/RetailGateway.Api loadtests/crash/CrashTool; do
  dotnet build -c Release -nologo -v q "$project" >/dev/null || { echo "build of $project failed" >&2; exit 1; }
done
bin() { echo "$root/$1/bin/Release/net10.0"; }
exec dotnet "$(bin loadtests/crash/CrashTool)/CrashTool.dll" --api "$(bin src/RetailGateway.Api)" --sandbox "$(bin src/RetailGateway.OdooSandbox)" \
  --orders "${CRASH_ORDERS:-1000}" "$@"
