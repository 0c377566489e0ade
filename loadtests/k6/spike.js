// Black Friday: a step from the normal rate to several times it, held, and back. The gateway
// must shed the excess quickly with 429/503 and Retry-After (never time out or fail otherwise),
// and be back within its SLOs once the rate is normal again.
//
//   k6 run -e BASE_URL=... -e TOKEN=eyJ... -e RATE=50 -e SPIKE_FACTOR=5 loadtests/k6/spike.js
import { check } from "k6";
import exec from "k6/execution";
import http from "k6/http";
import { Rate, Trend } from "k6/metrics";
import { KIND, anyCustomer, hasBackoffHeaders, orderBody, preflight, readStock, submitOrder } from "./lib/api.js";
import { clients, newKey, rate, runId, runScopedId } from "./lib/config.js";
import { TREND_STATS, summaryFiles } from "./lib/summary.js";

const RATE = rate(50);
const FACTOR = Number(__ENV.SPIKE_FACTOR || 5);
const BASELINE = __ENV.BASELINE || "2m";
const SPIKE_HOLD = __ENV.SPIKE_HOLD || "3m";
/** Time allowed after the spike before the recovery thresholds apply. */
const GRACE = __ENV.GRACE || "30s";
const RECOVERY = __ENV.RECOVERY || "3m";
/** How long the step up (and back down) takes. */
const STEP = __ENV.STEP || "10s";
const CALLERS = clients();
/** Share of iterations that submit an order; the rest read stock. */
const ORDER_SHARE = Number(__ENV.ORDER_SHARE || 0.15);
/** The p99 a refusal must stay under, in ms; its median must stay under a fifth of it. */
const SHED_P99_MS = Number(__ENV.SHED_P99_MS || 100);

const shed = new Rate("shed");
const shedDuration = new Trend("shed_duration", true);
const unexpected = new Rate("unexpected_responses");
const shedWithoutRetryAfter = new Rate("shed_without_retry_after");

/** During the spike a shed request is a correct answer; everywhere else it counts as failed. */
const SPIKE_EXPECTED = http.expectedStatuses({ min: 200, max: 299 }, 429, 503);

/** @type {import("k6/options").Options} */
export const options = {
  scenarios: {
    baseline: open("constant-arrival-rate", "0s", { duration: BASELINE, rate: RATE }),
    spike: open("ramping-arrival-rate", BASELINE, {
      startRate: RATE,
      stages: [
        { duration: STEP, target: RATE * FACTOR },
        { duration: SPIKE_HOLD, target: RATE * FACTOR },
        { duration: STEP, target: RATE },
        { duration: GRACE, target: RATE },
      ],
    }),
    recovery: open("constant-arrival-rate", after(BASELINE, STEP, SPIKE_HOLD, STEP, GRACE), { duration: RECOVERY, rate: RATE }),
  },
  thresholds: {
    // Before and after the spike: the SLOs hold and nothing is shed.
    "http_req_failed{scenario:baseline}": ["rate<0.01"],
    "http_req_failed{scenario:recovery}": ["rate<0.01"],
    [`http_req_duration{scenario:recovery,kind:${KIND.stockBatch}}`]: ["p(95)<300", "p(99)<800"],
    [`http_req_duration{scenario:recovery,kind:${KIND.orderSubmit}}`]: ["p(95)<1500", "p(99)<3000"],
    "dropped_iterations{scenario:recovery}": ["count==0"],
    // During the spike: excess is refused fast and with Retry-After, nothing times out or breaks.
    "http_req_failed{scenario:spike}": ["rate<0.01"],
    unexpected_responses: ["rate<0.001"],
    shed_duration: [`med<${SHED_P99_MS / 5}`, `p(99)<${SHED_P99_MS}`],
    shed_without_retry_after: ["rate==0"],
  },
  summaryTrendStats: TREND_STATS,
};

/**
 * An arrival-rate scenario (the open model: load does not ease off when the gateway slows).
 * @param {"constant-arrival-rate" | "ramping-arrival-rate"} executor
 * @param {string} startTime
 * @param {{ duration?: string, rate?: number, startRate?: number, stages?: import("k6/options").Stage[] }} shape
 * @returns {import("k6/options").Scenario}
 */
function open(executor, startTime, shape) {
  const peak = Math.ceil(RATE * (executor === "ramping-arrival-rate" ? FACTOR : 1));
  const vus = { preAllocatedVUs: peak + 10, maxVUs: peak * 10 + 20, timeUnit: "1s", startTime, exec: "traffic" };
  return executor === "constant-arrival-rate"
    ? { executor, duration: shape.duration ?? "1m", rate: Math.ceil(shape.rate ?? RATE), ...vus }
    : { executor, startRate: Math.ceil(shape.startRate ?? RATE), stages: shape.stages ?? [], ...vus };
}

/** The sum of k6 durations such as "2m" and "30s", as a start time. */
function after(/** @type {string[]} */ ...durations) {
  const seconds = durations.reduce((sum, d) => {
    const match = /^(\d+)(s|m|h)$/.exec(d);
    if (match === null) {
      throw new Error(`Use whole seconds, minutes or hours for the spike's phases, not '${d}'.`);
    }
    return sum + Number(match[1]) * { s: 1, m: 60, h: 3600 }[/** @type {"s" | "m" | "h"} */ (match[2])];
  }, 0);
  return `${seconds}s`;
}

export function setup() {
  preflight(CALLERS);
  return { runId: runId() };
}

/** @param {{ runId: string }} data */
export function traffic(data) {
  const token = CALLERS[(__VU - 1) % CALLERS.length].token;
  const options = exec.scenario.name === "spike" ? { expect: SPIKE_EXPECTED } : {};
  const res = Math.random() < ORDER_SHARE
    ? submitOrder(token, orderBody(runScopedId("801SP", data.runId), anyCustomer()), newKey(), options)
    : readStock(token, options);

  const isShed = res.status === 429 || res.status === 503;
  shed.add(isShed);
  unexpected.add(!isShed && !(res.status >= 200 && res.status < 300));
  if (isShed) {
    shedDuration.add(res.timings.duration);
    shedWithoutRetryAfter.add(!hasBackoffHeaders(res));
  }
  check(res, { "answered or shed": (r) => (r.status >= 200 && r.status < 300) || r.status === 429 || r.status === 503 });
}

/** @param {import("./lib/summary.js").SummaryData} data */
export function handleSummary(data) {
  return summaryFiles("spike", data);
}
