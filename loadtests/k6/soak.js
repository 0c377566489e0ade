// A moderate rate for hours: latency and memory must not drift. A single monitor VU probes the
// gateway at a fixed pace and compares the latest probes with the first ones after warm-up, and
// reads the gateway's working set from its Prometheus page (/metrics) likewise, with MEMORY_TOKEN
// (a token with the Metrics.Read role). A probe that cannot read the working set fails the run: a
// memory check that reads 0 would pass whatever the gateway did.
//
//   k6 run -e BASE_URL=... -e TOKEN=eyJ... -e MEMORY_TOKEN=eyJ... -e RATE=20 -e DURATION=4h loadtests/k6/soak.js
import { check } from "k6";
import http from "k6/http";
import { Counter, Gauge, Rate } from "k6/metrics";
import { KIND, anyCustomer, orderBody, preflight, readInvoices, readOrders, readStock, submitOrder, upsertCustomer } from "./lib/api.js";
import { BASE_URL, clients, duration, newKey, rate, runId, runScopedId, seconds } from "./lib/config.js";
import { TREND_STATS, summaryFiles } from "./lib/summary.js";

const RATE = rate(20);
const DURATION = duration("4h");
const CALLERS = clients();
/** One probe every PROBE_EVERY; the first WARMUP_PROBES are ignored (JIT, connection pools, caches filling). */
const PROBE_EVERY = __ENV.PROBE_EVERY || "5s";
const WARMUP_PROBES = Number(__ENV.WARMUP_PROBES || 60);
/** Probes per comparison window: the baseline is the first window after warm-up, the current one the latest. */
const WINDOW = Number(__ENV.WINDOW || 60);
/** The gateway's metrics page: a path on BASE_URL or an absolute URL; "off" where the load generator cannot reach it. */
const MEMORY_URL = __ENV.MEMORY_URL || "/metrics";
const MEMORY_ON = MEMORY_URL !== "off";
/** The working set as the gateway's OpenTelemetry runtime instrumentation exports it. */
const MEMORY_METRIC = __ENV.MEMORY_METRIC || "dotnet_process_memory_working_set_bytes";
const MEMORY_GROWTH_LIMIT_MB = Number(__ENV.MEMORY_GROWTH_LIMIT_MB || 50);
const MEMORY_LIMIT_MB = Number(__ENV.MEMORY_LIMIT_MB || 200);
/** The most the latest window's median latency may be, as a multiple of the first window's. */
const DRIFT_LIMIT = Number(__ENV.DRIFT_LIMIT || 1.5);

/** @type {[string, number][]} Weights of the request kinds, as in the peak mix. */
const MIX = [
  [KIND.stockBatch, 55],
  [KIND.orderRead, 15],
  [KIND.customerUpsert, 10],
  [KIND.orderSubmit, 10],
  [KIND.invoiceRead, 10],
];

if (MEMORY_ON && MEMORY_URL.startsWith("/") && !__ENV.MEMORY_TOKEN) {
  throw new Error("The gateway's /metrics needs a token with the Metrics.Read role: set MEMORY_TOKEN (or MEMORY_URL=off).");
}

const probeCount = Math.floor(seconds(DURATION) / seconds(PROBE_EVERY));
if (probeCount < WARMUP_PROBES + 2 * WINDOW) {
  throw new Error(`DURATION ${DURATION} allows ${probeCount} probes every ${PROBE_EVERY}; the drift needs WARMUP_PROBES + 2 × WINDOW = ${WARMUP_PROBES + 2 * WINDOW}.`);
}

const latencyDrift = new Gauge("latency_drift_ratio");
const driftComparisons = new Counter("latency_drift_comparisons");
const memoryRead = new Rate("memory_probe_read");
const workingSet = new Gauge("gateway_working_set_bytes", false);
const workingSetGrowth = new Gauge("gateway_working_set_growth_bytes", false);

/** @type {import("k6/options").Options["thresholds"]} */
const thresholds = {
  [`http_req_duration{kind:${KIND.stockBatch}}`]: ["p(95)<300", "p(99)<800"],
  [`http_req_duration{kind:${KIND.orderSubmit}}`]: ["p(95)<1500", "p(99)<3000"],
  http_req_failed: ["rate<0.005"],
  dropped_iterations: ["count==0"],
  // The median of the latest window of probes may be at most DRIFT_LIMIT times that of the first;
  // and it was compared at least once (an empty gauge reads 0, which would pass).
  latency_drift_ratio: [`value<${DRIFT_LIMIT}`],
  latency_drift_comparisons: ["count>0"],
};
if (MEMORY_ON) {
  // Every probe read a working set above 0 (with no probe at all the rate is 0 and fails too).
  thresholds.memory_probe_read = ["rate==1"];
  thresholds.gateway_working_set_bytes = [`value<${MEMORY_LIMIT_MB * 1048576}`];
  thresholds.gateway_working_set_growth_bytes = [`value<${MEMORY_GROWTH_LIMIT_MB * 1048576}`];
}

/** @type {import("k6/options").Options} */
export const options = {
  scenarios: {
    traffic: {
      executor: "constant-arrival-rate",
      exec: "traffic",
      rate: Math.ceil(RATE),
      timeUnit: "1s",
      duration: DURATION,
      preAllocatedVUs: Math.ceil(RATE) + 5,
      maxVUs: Math.ceil(RATE) * 10 + 10,
    },
    monitor: {
      executor: "constant-arrival-rate",
      exec: "monitor",
      rate: 1,
      timeUnit: PROBE_EVERY,
      duration: DURATION,
      // One VU, so the probe history below stays in one place.
      preAllocatedVUs: 1,
      maxVUs: 1,
    },
  },
  thresholds,
  summaryTrendStats: TREND_STATS,
};

export function setup() {
  preflight(CALLERS);
  return { runId: runId() };
}

/** @param {{ runId: string }} data */
export function traffic(data) {
  const token = CALLERS[(__VU - 1) % CALLERS.length].token;
  const kind = weighted();
  const res = kind === KIND.stockBatch ? readStock(token)
    : kind === KIND.orderRead ? readOrders(token)
    : kind === KIND.invoiceRead ? readInvoices(token)
    : kind === KIND.customerUpsert ? upsertCustomer(token, `001SK${data.runId}${Math.floor(Math.random() * 500)}`)
    : submitOrder(token, orderBody(runScopedId("801SK", data.runId), anyCustomer()), newKey());
  check(res, { "status is 2xx": (r) => r.status >= 200 && r.status < 300 });
}

/** @type {number[]} */
const probes = [];
/** @type {number | null} */
let baselineMemory = null;

export function monitor() {
  const res = readStock(CALLERS[0].token, { tags: { probe: "latency" } });
  if (res.status === 200) {
    probes.push(res.timings.duration);
    const measured = probes.length - WARMUP_PROBES;
    if (measured >= 2 * WINDOW) {
      const baseline = median(probes.slice(WARMUP_PROBES, WARMUP_PROBES + WINDOW));
      latencyDrift.add(median(probes.slice(-WINDOW)) / baseline);
      driftComparisons.add(1);
      // Keep the baseline window and the latest one; nothing in between is needed again.
      probes.splice(WARMUP_PROBES + WINDOW, probes.length - WARMUP_PROBES - 2 * WINDOW);
    }
  }

  if (MEMORY_ON) {
    const bytes = readMemory();
    memoryRead.add(bytes !== null && bytes > 0);
    if (bytes !== null && bytes > 0) {
      workingSet.add(bytes);
      if (probes.length >= WARMUP_PROBES && baselineMemory === null) {
        baselineMemory = bytes;
      }
      if (baselineMemory !== null) {
        workingSetGrowth.add(bytes - baselineMemory);
      }
    }
  }
}

/**
 * The memory gauge from a Prometheus text page, e.g. `dotnet_process_memory_working_set_bytes{otel_scope_name="System.Runtime"} 1.3e+08`
 * (labels and a timestamp are optional); null when the page or the metric is not there.
 */
function readMemory() {
  /** @type {Record<string, string>} */
  const headers = __ENV.MEMORY_TOKEN ? { Authorization: `Bearer ${__ENV.MEMORY_TOKEN}` } : {};
  const url = MEMORY_URL.startsWith("/") ? `${BASE_URL}${MEMORY_URL}` : MEMORY_URL;
  const res = http.get(url, { headers, tags: { kind: "memory_probe" } });
  if (res.status !== 200 || typeof res.body !== "string") {
    return null;
  }
  for (const line of res.body.split("\n")) {
    if (line.startsWith(MEMORY_METRIC + " ") || line.startsWith(MEMORY_METRIC + "{")) {
      const sample = /^[^{\s]+(?:\{.*\})?\s+(\S+)/.exec(line);
      const value = sample === null ? NaN : Number(sample[1]);
      return Number.isFinite(value) ? value : null;
    }
  }
  return null;
}

function weighted() {
  const total = MIX.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = Math.random() * total;
  for (const [kind, weight] of MIX) {
    roll -= weight;
    if (roll < 0) {
      return kind;
    }
  }
  return KIND.stockBatch;
}

function median(/** @type {number[]} */ values) {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** @param {import("./lib/summary.js").SummaryData} data */
export function handleSummary(data) {
  return summaryFiles("soak", data);
}
