// Several Salesforce orgs share the gateway; one exceeds its read budget. That one gets 429 with
// Retry-After and the RateLimit headers, quickly; the others see no 429 and keep their latency.
//
//   k6 run -e BASE_URL=... -e TOKENS=greedy=eyJ...,org2=eyJ...,org3=eyJ... -e BUDGET=20 loadtests/k6/rate-limit.js
import { check } from "k6";
import http from "k6/http";
import { Counter, Rate, Trend } from "k6/metrics";
import { hasBackoffHeaders, preflight, readStock } from "./lib/api.js";
import { clients, duration } from "./lib/config.js";
import { TREND_STATS, summaryFiles } from "./lib/summary.js";

const CALLERS = clients();
if (CALLERS.length < 2) {
  throw new Error("rate-limit needs TOKENS for at least two clients: the first exceeds its budget, the others stay within theirs.");
}
/** The read budget per client that the gateway is configured with, in requests per second. */
const BUDGET = Number(__ENV.BUDGET || 20);
/** The greedy client (the first in TOKENS) asks for this multiple of its budget... */
const GREEDY_FACTOR = Number(__ENV.GREEDY_FACTOR || 3);
/** ...and every other client for this share of theirs. */
const POLITE_SHARE = Number(__ENV.POLITE_SHARE || 0.5);
const DURATION = duration("3m");

const throttled = new Rate("throttled");
const accepted = new Counter("accepted");
const rejectDuration = new Trend("reject_duration", true);
const limitHeadersMissing = new Rate("limit_headers_missing");

/** @type {import("k6/options").Options} */
export const options = {
  scenarios: Object.fromEntries(CALLERS.map((caller, i) => {
    const greedy = i === 0;
    const perSecond = Math.ceil(BUDGET * (greedy ? GREEDY_FACTOR : POLITE_SHARE));
    /** @type {import("k6/options").ConstantArrivalRateScenario} */
    const scenario = {
      executor: "constant-arrival-rate",
      exec: "reads",
      rate: perSecond,
      timeUnit: "1s",
      duration: DURATION,
      preAllocatedVUs: perSecond + 5,
      maxVUs: perSecond * 5 + 10,
      env: { CLIENT_INDEX: String(i) },
      tags: { client: caller.name, role: greedy ? "greedy" : "polite" },
    };
    return [`client_${caller.name}`, scenario];
  })),
  thresholds: {
    // The clients within budget are not touched by the one over it.
    "throttled{role:polite}": ["rate==0"],
    "http_req_failed{role:polite}": ["rate<0.01"],
    "http_req_duration{role:polite}": ["p(95)<300", "p(99)<800"],
    // The client over budget is held to it: a good part of its requests refused, the rest about its budget.
    "throttled{role:greedy}": [`rate>${((1 - 1 / GREEDY_FACTOR) / 2).toFixed(2)}`],
    "accepted{role:greedy}": [`rate<${BUDGET * 1.25}`],
    // Refusals are cheap and tell the caller when to come back.
    reject_duration: ["p(99)<50"],
    limit_headers_missing: ["rate==0"],
  },
  summaryTrendStats: TREND_STATS,
};

/** For the greedy client a 429 is the right answer, not a failed request. */
const GREEDY_EXPECTED = http.expectedStatuses({ min: 200, max: 299 }, 429);

export function setup() {
  preflight(CALLERS);
}

export function reads() {
  const index = Number(__ENV.CLIENT_INDEX);
  const res = readStock(CALLERS[index].token, index === 0 ? { expect: GREEDY_EXPECTED } : {});
  throttled.add(res.status === 429);
  if (res.status === 429) {
    rejectDuration.add(res.timings.duration);
    limitHeadersMissing.add(!hasBackoffHeaders(res));
  } else if (res.status === 200) {
    accepted.add(1);
  }
  check(res, { "answered or limited": (r) => r.status === 200 || r.status === 429 });
}

/** @param {import("./lib/summary.js").SummaryData} data */
export function handleSummary(data) {
  return summaryFiles("rate-limit", data);
}
