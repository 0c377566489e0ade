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
const unverified = new Counter("orders_unverified_final_sweep");
/** Orders the 201 answers created: distinct order ids, since a replayed 201 names the order of the first. */
const created = new Counter("orders_created");
const unexpected = new Rate("unexpected_responses");
const replayUnmarked = new Rate("replay_without_idempotent_replayed");
const conflictWithoutRetryAfter = new Rate("conflict_without_retry_after");

/** @type {import("k6/options").Options} */
export const options = {
  scenarios: {
    storm: {
      executor: "shared-iterations",
      exec: "storm",
      // k6 refuses more VUs than iterations.
      vus: Math.min(CONCURRENCY, ORDERS),
      iterations: ORDERS,
      maxDuration: __ENV.MAX_DURATION || "15m",
    },
  },
  thresholds: {
    orders_duplicated: ["count==0"],
    orders_missing: ["count==0"],
    orders_duplicated_final_sweep: ["count==0"],
    // A lookup that failed in the final sweep proves nothing either way.
    orders_unverified_final_sweep: ["count==0"],
    // One order created per Salesforce order at most; every other copy is a replay of its answer, or waits (409).
    orders_created: [`count<=${ORDERS}`],
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

  const answers = new Answers();
  // Indices into copies of the copies still to send: all of them, then those answered 409.
  let pending = copies.map((_, i) => i);
  for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES && pending.length > 0; attempt++) {
    const responses = http.batch(pending.map((i) => copies[i]));
    /** @type {number[]} */
    const conflicted = [];
    responses.forEach((res, j) => {
      answers.add(res, pending[j] < RETRIES);
      if (res.status === 409) {
        conflicted.push(pending[j]);
      }
    });
    pending = conflicted;
    if (pending.length > 0 && attempt < MAX_CONFLICT_RETRIES) {
      sleep(retryAfterSeconds(responses));
    }
  }
  answers.record();

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
    if (count === null) {
      unverified.add(1);
    } else if (count > 1) {
      finalDuplicated.add(count - 1);
    }
  }
}

/**
 * The answers to one order's copies. The gateway answers a replay with the original status (201
 * for a created order) and `Idempotent-Replayed: true`, so a 201 is not a new order: the orders
 * created are the distinct order ids the 201s name, and every 2xx must name the same order.
 */
class Answers {
  constructor() {
    /** @type {Set<string>} */
    this.createdIds = new Set();
    /** @type {Set<string>} */
    this.orderIds = new Set();
    /** Same-key 2xx answers without `Idempotent-Replayed: true`: the original, so exactly one. */
    this.unmarked = 0;
    this.marked = 0;
  }

  /**
   * @param {import("k6/http").RefinedResponse<any>} res
   * @param {boolean} sameKey whether this copy carried the shared key
   */
  add(res, sameKey) {
    unexpected.add(res.status !== 200 && res.status !== 201 && res.status !== 409);
    if (res.status === 409) {
      conflictWithoutRetryAfter.add(header(res, "Retry-After") === undefined);
      return;
    }
    if (res.status !== 200 && res.status !== 201) {
      return;
    }
    const orderId = orderIdOf(res);
    this.orderIds.add(orderId);
    if (res.status === 201) {
      this.createdIds.add(orderId);
    }
    if (sameKey) {
      if (header(res, "Idempotent-Replayed") === "true") {
        this.marked++;
      } else {
        this.unmarked++;
      }
    }
  }

  record() {
    created.add(this.createdIds.size);
    for (let i = 0; i < this.marked; i++) {
      replayUnmarked.add(false);
    }
    for (let i = 1; i < this.unmarked; i++) {
      replayUnmarked.add(true);
    }
    check(this.orderIds, { "every answer names the same order": (ids) => ids.size === 1 });
  }
}

/** The order id of a 2xx answer; an empty string when the body has none (which makes the same-order check fail). */
function orderIdOf(/** @type {import("k6/http").RefinedResponse<any>} */ res) {
  try {
    const order = /** @type {{ orderId?: unknown }} */ (res.json());
    return typeof order.orderId === "string" ? order.orderId : "";
  } catch {
    return "";
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
