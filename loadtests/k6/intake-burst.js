// Black Friday through async intake: a burst of new orders queued with POST /api/v2/order-submissions,
// at a rate Odoo could not confirm synchronously. Every order must be accepted at once (202 with the
// submission id and its status URL in the body), the queue must drain into Odoo within DRAIN_LIMIT
// once the burst is over, and no order may be lost or exist twice.
//
//   k6 run -e BASE_URL=... -e TOKENS=a=eyJ...,b=eyJ... -e RATE=100 -e BURST=1m loadtests/k6/intake-burst.js
import { check, sleep } from "k6";
import exec from "k6/execution";
import http from "k6/http";
import { Counter, Rate, Trend } from "k6/metrics";
import { anyCustomer, countOrdersBySalesforceId, orderBody, preflight } from "./lib/api.js";
import { BASE_URL, REQUEST_TIMEOUT, clients, newKey, rate, runId, seconds } from "./lib/config.js";
import { TREND_STATS, summaryFiles } from "./lib/summary.js";

const RATE = rate(100);
const BURST = __ENV.BURST || "1m";
/** How long the queue may take to empty once the burst is over, in seconds. */
const DRAIN_LIMIT = Number(__ENV.DRAIN_LIMIT || 600);
/** Orders looked up one by one at the end: the first ones of the burst, at most as many as it sends. */
const VERIFY = Math.min(Number(__ENV.VERIFY || 500), Math.ceil(RATE) * seconds(BURST));
/** Intake-Priority of every order: high, normal or low; empty sends no header. */
const PRIORITY = __ENV.PRIORITY || "";
const CALLERS = clients();

const accepted = new Rate("accepted");
const acceptDuration = new Trend("accept_duration", true);
const drainSeconds = new Trend("intake_drain_seconds");
const leftQueued = new Counter("intake_left_after_drain");
const missing = new Counter("orders_missing");
const duplicated = new Counter("orders_duplicated");
const unverified = new Counter("orders_unverified");

/** @type {import("k6/options").Options} */
export const options = {
  scenarios: {
    burst: {
      executor: "constant-arrival-rate",
      exec: "submit",
      rate: Math.ceil(RATE),
      timeUnit: "1s",
      duration: BURST,
      preAllocatedVUs: Math.ceil(RATE) + 10,
      maxVUs: Math.ceil(RATE) * 5 + 20,
    },
    drain: {
      executor: "per-vu-iterations",
      exec: "drain",
      vus: 1,
      iterations: 1,
      startTime: BURST,
      maxDuration: `${DRAIN_LIMIT + 60}s`,
    },
  },
  thresholds: {
    // The burst: every order queued at once, never refused, even at a rate Odoo could not confirm.
    accepted: ["rate==1"],
    accept_duration: ["p(95)<300", "p(99)<500"],
    dropped_iterations: ["count==0"],
    // The drain: the workers empty the queue in time.
    intake_drain_seconds: [`max<${DRAIN_LIMIT}`],
    intake_left_after_drain: ["count==0"],
    // The outcome: each order once in Odoo.
    orders_missing: ["count==0"],
    orders_duplicated: ["count==0"],
    // A lookup that failed proves nothing either way.
    orders_unverified: ["count==0"],
  },
  teardownTimeout: "10m",
  summaryTrendStats: TREND_STATS,
};

/** The Salesforce order id of burst iteration `n`: the burst and the final lookup derive it the same way. */
function salesforceId(/** @type {string} */ run, /** @type {number} */ n) {
  return `801IB${run}x${n}`;
}

export function setup() {
  preflight(CALLERS);
  return { runId: runId() };
}

/** @param {{ runId: string }} data */
export function submit(data) {
  const token = CALLERS[exec.scenario.iterationInTest % CALLERS.length].token;
  const body = orderBody(salesforceId(data.runId, exec.scenario.iterationInTest), anyCustomer());
  /** @type {Record<string, string>} */
  const headers = {
    Authorization: `Bearer ${token}`,
    "Content-Type": "application/json",
    "Idempotency-Key": newKey(),
  };
  if (PRIORITY !== "") {
    headers["Intake-Priority"] = PRIORITY;
  }
  const res = http.post(`${BASE_URL}/api/v2/order-submissions`, body, {
    headers,
    tags: { kind: "order_submit_async" },
    timeout: REQUEST_TIMEOUT,
    responseCallback: http.expectedStatuses(202),
  });
  const ok = res.status === 202 && isQueuedSubmission(res);
  accepted.add(ok);
  acceptDuration.add(res.timings.duration);
  check(res, { "202 with a status URL": () => ok });
}

/** Once the burst is over: polls readiness until the intake queue is empty, or DRAIN_LIMIT has passed. */
export function drain() {
  const started = Date.now();
  let queued = -1;
  while ((Date.now() - started) / 1000 < DRAIN_LIMIT) {
    queued = queuedOrders();
    if (queued === 0) {
      break;
    }
    sleep(2);
  }
  drainSeconds.add((Date.now() - started) / 1000);
  leftQueued.add(queued < 0 ? 1 : queued);
}

/**
 * The first VERIFY orders of the burst, each looked up by its Salesforce id: exactly one order each.
 * @param {{ runId: string }} data
 */
export function teardown(data) {
  const token = CALLERS[0].token;
  for (let n = 0; n < VERIFY; n++) {
    const count = countOrdersBySalesforceId(token, salesforceId(data.runId, n));
    if (count === null) {
      unverified.add(1);
    } else if (count === 0) {
      missing.add(1);
    } else if (count > 1) {
      duplicated.add(count - 1);
    }
  }
}

/**
 * A 202 whose body (OrderSubmissionStatus) is a queued submission with its id and the status URL
 * Flow polls, which it cannot take from the Location header.
 */
function isQueuedSubmission(/** @type {import("k6/http").RefinedResponse<any>} */ res) {
  try {
    const status = /** @type {{ submissionId?: unknown, statusUrl?: unknown, status?: unknown }} */ (res.json());
    return typeof status.submissionId === "string" && status.submissionId !== ""
      && typeof status.statusUrl === "string" && status.statusUrl.endsWith(`/order-submissions/${status.submissionId}`)
      && status.status === "queued";
  } catch {
    return false;
  }
}

/** Orders waiting in the intake queue, from the readiness report's intake check; -1 when unreadable. */
function queuedOrders() {
  const res = http.get(`${BASE_URL}/health/ready`, { tags: { kind: "readiness" }, responseCallback: http.expectedStatuses(200, 503) });
  try {
    const report = /** @type {{ checks?: { name?: string, data?: { queued?: string | number } }[] }} */ (res.json());
    const intake = (report.checks ?? []).find((c) => c.name === "intake");
    const queued = Number(intake?.data?.queued);
    return Number.isFinite(queued) ? queued : -1;
  } catch {
    return -1;
  }
}

/** @param {import("./lib/summary.js").SummaryData} data */
export function handleSummary(data) {
  return summaryFiles("intake-burst", data);
}
