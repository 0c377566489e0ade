// Salesforce retries: every order is posted several times at the same moment with the same
// Idempotency-Key (a callout that timed out and was retried while the first was still running).
// Afterwards each Salesforce order must exist exactly once in the gateway.
//
//   k6 run -e BASE_URL=... -e TOKEN=eyJ... -e ORDERS=500 -e RETRIES=5 -e CUSTOMERS=44,45 loadtests/k6/retry-storm.js
import { check, sleep } from "k6";
import exec from "k6/execution";
import http from "k6/http";
import { Counter, Rate } from "k6/metrics";
import { anyCustomer, countOrdersBySalesforceId, header, orderBody, preflight, submitOrderRequest } from "./lib/api.js";
import { clients, newKey, runId } from "./lib/config.js";
import { TREND_STATS, summaryFiles } from "./lib/summary.js";

const ORDERS = Number(__ENV.ORDERS || 500);
/** Copies of each submission sent at once with the same key. */
const RETRIES = Number(__ENV.RETRIES || 5);
/** Extra copies with a fresh key each (a retry after the key was lost, or Flow, which sends none): the Salesforce id alone must stop them. */
const FRESH_KEYS = Number(__ENV.FRESH_KEYS || 0);
const CONCURRENCY = Number(__ENV.CONCURRENCY || 20);
/** How often an answer of 409 (key in flight) is retried after its Retry-After. */
const MAX_CONFLICT_RETRIES = 5;
const CALLERS = clients();

const verifiedOnce = new Counter("orders_exactly_once");
const duplicated = new Counter("orders_duplicated");
const missing = new Counter("orders_missing");
const finalDuplicated = new Counter("orders_duplicated_final_sweep");
const created = new Counter("orders_created_responses");
const unexpected = new Rate("unexpected_responses");
const replayUnmarked = new Rate("replay_without_idempotent_replayed");
const conflictWithoutRetryAfter = new Rate("conflict_without_retry_after");

/** @type {import("k6/options").Options} */
export const options = {
  scenarios: {
    storm: {
      executor: "shared-iterations",
      exec: "storm",
      vus: CONCURRENCY,
      iterations: ORDERS,
      maxDuration: __ENV.MAX_DURATION || "15m",
    },
  },
  thresholds: {
    orders_duplicated: ["count==0"],
    orders_missing: ["count==0"],
    orders_duplicated_final_sweep: ["count==0"],
    // One 201 per Salesforce order at most; every other copy is a replay (200) or waits (409).
    orders_created_responses: [`count<=${ORDERS}`],
    unexpected_responses: ["rate==0"],
    replay_without_idempotent_replayed: ["rate==0"],
    conflict_without_retry_after: ["rate==0"],
    checks: ["rate==1"],
  },
  setupTimeout: "2m",
  teardownTimeout: "10m",
  summaryTrendStats: TREND_STATS,
};

/** The Salesforce order id of iteration `n`: setup, the storm and the final sweep all derive it the same way. */
function salesforceId(/** @type {string} */ run, /** @type {number} */ n) {
  return `801RS${run}x${n}`;
}

export function setup() {
  preflight(CALLERS);
  return { runId: runId() };
}

/** @param {{ runId: string }} data */
export function storm(data) {
  const token = CALLERS[exec.scenario.iterationInTest % CALLERS.length].token;
  const id = salesforceId(data.runId, exec.scenario.iterationInTest);
  const body = orderBody(id, anyCustomer());
  const key = newKey();
  // 409 (key in flight) is the expected answer to a concurrent copy, not a failed request.
  const expect = { expect: http.expectedStatuses({ min: 200, max: 201 }, 409) };
  const copies = [
    ...Array.from({ length: RETRIES }, () => submitOrderRequest(token, body, key, expect)),
    ...Array.from({ length: FRESH_KEYS }, () => submitOrderRequest(token, body, newKey(), expect)),
  ];

  let responses = http.batch(copies);
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const waiting = [];
    for (let i = 0; i < responses.length; i++) {
      const res = responses[i];
      record(res, i < RETRIES);
      if (res.status === 409) {
        waiting.push(copies[i]);
      }
    }
    if (waiting.length === 0) {
      break;
    }
    sleep(retryAfterSeconds(responses));
    responses = http.batch(waiting);
  }

  const count = countOrdersBySalesforceId(token, id);
  check(count, { "order exists exactly once": (c) => c === 1 });
  if (count === 1) {
    verifiedOnce.add(1);
  } else if (count === 0) {
    missing.add(1);
  } else if (count !== null) {
    duplicated.add(count - 1);
  }
}

/**
 * Once the storm is over, every order is looked up again: a duplicate created late shows here.
 * @param {{ runId: string }} data
 */
export function teardown(data) {
  const token = CALLERS[0].token;
  for (let n = 0; n < ORDERS; n++) {
    const count = countOrdersBySalesforceId(token, salesforceId(data.runId, n));
    if (count !== null && count > 1) {
      finalDuplicated.add(count - 1);
    }
  }
}

/**
 * @param {import("k6/http").RefinedResponse<any>} res
 * @param {boolean} sameKey whether this copy carried the shared key
 */
function record(res, sameKey) {
  const known = res.status === 200 || res.status === 201 || res.status === 409;
  unexpected.add(!known);
  if (res.status === 201) {
    created.add(1);
  } else if (res.status === 200 && sameKey) {
    replayUnmarked.add(header(res, "Idempotent-Replayed") !== "true");
  } else if (res.status === 409) {
    conflictWithoutRetryAfter.add(header(res, "Retry-After") === undefined);
  }
}

/** The longest Retry-After among the answers (seconds), capped so a wrong header cannot stall the run. */
function retryAfterSeconds(/** @type {import("k6/http").RefinedResponse<any>[]} */ responses) {
  let wait = 0.2;
  for (const res of responses) {
    const value = Number(header(res, "Retry-After"));
    if (value > wait) {
      wait = value;
    }
  }
  return Math.min(wait, 5);
}

/** @param {import("./lib/summary.js").SummaryData} data */
export function handleSummary(data) {
  return summaryFiles("retry-storm", data);
}
