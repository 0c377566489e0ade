// Peak season traffic as an open model: requests arrive at a fixed rate whatever the gateway's
// speed, in the retail mix Salesforce produces. Every request kind is held to its own SLO.
//
//   k6 run -e BASE_URL=https://gateway.staging.example -e TOKENS=org1=eyJ...,org2=eyJ... \
//          -e RATE=80 -e DURATION=15m loadtests/k6/peak-mix.js
import { check } from "k6";
import { Counter } from "k6/metrics";
import exec from "k6/execution";
import { CUSTOMERS, clients, duration, newKey, rate, runId, runScopedId, runScopedRecordId, seconds } from "./lib/config.js";
import {
  KIND, anyCustomer, deliveredUnits, orderBody, preflight, quoteToOrder, readInvoices, readOrders, readProducts, readStock, returnUnit, submitOrder,
  upsertCustomer,
} from "./lib/api.js";
import { TREND_STATS, summaryFiles } from "./lib/summary.js";

const RATE = rate(50);
const RAMP = __ENV.RAMP || "2m";
const HOLD = duration("15m");
const CALLERS = clients();
/** Distinct Salesforce Account ids the upserts cycle through: early calls create, later ones replace. */
const ACCOUNT_POOL = Number(__ENV.ACCOUNT_POOL || 500);

/**
 * Share of RATE per request kind: mostly batch stock reads, as a storefront and order flows ask for availability;
 * catalog reads and quote-to-order are the smaller flows of a sales rep's day, returns a service agent's.
 */
const MIX = {
  [KIND.stockBatch]: 0.43,
  [KIND.orderRead]: 0.15,
  [KIND.customerUpsert]: 0.1,
  [KIND.orderSubmit]: 0.1,
  [KIND.invoiceRead]: 0.1,
  [KIND.productRead]: 0.05,
  [KIND.quote]: 0.05,
  [KIND.caseReturn]: 0.02,
};

/** SLOs per kind in milliseconds (p95, p99); writes make several Odoo calls, reads one or two. */
const SLO = {
  [KIND.stockBatch]: [300, 800],
  [KIND.orderRead]: [500, 1200],
  [KIND.customerUpsert]: [800, 2000],
  [KIND.orderSubmit]: [1500, 3000],
  [KIND.invoiceRead]: [500, 1200],
  [KIND.productRead]: [300, 800],
  // Two writes in sequence: the quotation priced by Odoo, then its confirmation into an order.
  [KIND.quote]: [2500, 5000],
  // A return is one write of about seven Odoo calls (the deliveries, the wizard, its lines, the return, its note), then a read.
  [KIND.caseReturn]: [2500, 5000],
};

/** One scenario per kind, kept apart from options: k6 hands setup() its own copy of options, not this module's. */
const SCENARIOS = Object.fromEntries(Object.entries(MIX).map(([kind, share]) => [kind, scenario(kind, RATE * share)]));

/** @type {import("k6/options").Options} */
export const options = {
  scenarios: SCENARIOS,
  thresholds: {
    ...Object.fromEntries(Object.entries(SLO).flatMap(([kind, [p95, p99]]) => [
      [`http_req_duration{kind:${kind}}`, [`p(95)<${p95}`, `p(99)<${p99}`]],
      [`http_req_failed{kind:${kind}}`, ["rate<0.01"]],
    ])),
    // An open model that cannot start an iteration on time means the gateway fell behind.
    dropped_iterations: ["count==0"],
    checks: ["rate>0.99"],
  },
  summaryTrendStats: TREND_STATS,
};

/**
 * @param {string} kind
 * @param {number} perSecond
 * @returns {import("k6/options").RampingArrivalRateScenario}
 */
function scenario(kind, perSecond) {
  const target = Math.max(1, Math.round(perSecond));
  return {
    executor: "ramping-arrival-rate",
    exec: kind,
    startRate: Math.max(1, Math.round(target / 10)),
    timeUnit: "1s",
    stages: [{ duration: RAMP, target }, { duration: HOLD, target }],
    // Enough VUs for every request to take a second; more are started if the gateway slows down.
    preAllocatedVUs: target + 5,
    maxVUs: target * 10 + 10,
    tags: { kind },
  };
}

/**
 * @typedef {object} SetupData
 * @property {string} runId
 * @property {import("./lib/api.js").DeliveredUnit[]} units what the returns take back, one unit per iteration
 */

/** @returns {SetupData} */
export function setup() {
  preflight(CALLERS);
  // Every return needs a delivered unit of its own: find them before any load, or stop saying how many are missing.
  const wanted = returnsInRun();
  const units = deliveredUnits(CALLERS[0].token, CUSTOMERS, wanted);
  if (units.length < wanted) {
    throw new Error(`The returns of this run need ${wanted} delivered units that no return holds; the orders of CUSTOMERS have ${units.length}. ` +
      "Deliver more (loadtests/README.md, peak-mix) or lower RATE or DURATION.");
  }
  return { runId: runId(), units };
}

/** The case_return iterations the scenario starts: the ramp's average rate over RAMP, then the target over DURATION. */
function returnsInRun() {
  const { startRate, stages } = SCENARIOS[KIND.caseReturn];
  const target = stages[0].target;
  // One more for the iteration k6 may start at the edge of a stage.
  return Math.ceil((((startRate ?? target) + target) / 2) * seconds(RAMP) + target * seconds(HOLD)) + 1;
}

function token() {
  return CALLERS[(__VU - 1) % CALLERS.length].token;
}

/**
 * Answers that say "not now" rather than "wrong": a 503 the gateway sheds with Retry-After, or a 504 when Odoo's
 * budget ran out. They still fail the run (http_req_failed, checks); counted apart, they tell load from a bug.
 */
const loadRefusals = new Counter("load_refusals");

/** @param {import("k6/http").RefinedResponse<any>} res */
function ok(res) {
  check(res, { "status is 2xx": (r) => r.status >= 200 && r.status < 300 });
  if ((res.status === 503 && res.headers["Retry-After"]) || res.status === 504) {
    loadRefusals.add(1);
  }
}

export function stock_batch() {
  ok(readStock(token()));
}

export function order_read() {
  ok(readOrders(token()));
}

export function invoice_read() {
  ok(readInvoices(token()));
}

/** @param {{ runId: string }} data */
export function customer_upsert(data) {
  ok(upsertCustomer(token(), `001LT${data.runId}${Math.floor(Math.random() * ACCOUNT_POOL)}`));
}

export function product_read() {
  ok(readProducts(token()));
}

/** @param {SetupData} data */
export function quote(data) {
  ok(quoteToOrder(token(), runScopedRecordId("0Q0", data.runId), anyCustomer()));
}

/** @param {SetupData} data */
export function case_return(data) {
  ok(returnUnit(token(), data.units[exec.scenario.iterationInTest % data.units.length], runScopedRecordId("500", data.runId)));
}

/** @param {{ runId: string }} data */
export function order_submit(data) {
  ok(submitOrder(token(), orderBody(runScopedId("801LT", data.runId), anyCustomer()), newKey()));
}

/** @param {import("./lib/summary.js").SummaryData} data */
export function handleSummary(data) {
  return summaryFiles("peak-mix", data);
}
