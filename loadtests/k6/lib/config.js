// Settings every scenario reads from the environment (k6 run -e NAME=value ...).
import { randomBytes } from "k6/crypto";
import exec from "k6/execution";

/** Apex callouts give up after 10 s by default; a slower answer is as good as none for Salesforce. */
export const REQUEST_TIMEOUT = env("TIMEOUT", "10s");

export const BASE_URL = env("BASE_URL", "http://127.0.0.1:5080").replace(/\/+$/, "");

/** Requests per second for the scenario's steady phase; each script documents its default. */
export function rate(/** @type {number} */ fallback) {
  return positiveNumber("RATE", fallback);
}

export function duration(/** @type {string} */ fallback) {
  return env("DURATION", fallback);
}

/**
 * The callers: TOKENS="name=jwt,name=jwt" (or bare "jwt,jwt", named client1, client2, ...), or a single TOKEN.
 * @returns {{ name: string, token: string }[]}
 */
export function clients() {
  const list = env("TOKENS", "");
  if (list !== "") {
    return list.split(",").map((s) => s.trim()).filter((s) => s !== "").map((entry, i) => {
      const eq = entry.indexOf("=");
      // A JWT is base64url and never contains '=', so the first '=' separates a name.
      return eq > 0 ? { name: entry.slice(0, eq), token: entry.slice(eq + 1) } : { name: `client${i + 1}`, token: entry };
    });
  }
  const single = env("TOKEN", "");
  if (single === "") {
    throw new Error("Set TOKEN (one client) or TOKENS (name=jwt,name=jwt) to bearer tokens for the gateway.");
  }
  return [{ name: "client1", token: single }];
}

/** SKUs to read and order; the default is the Odoo sandbox's demo catalogue. */
export const SKUS = list("SKUS", "DESK0005,DESK0006,E-COM06,E-COM07,E-COM08,E-COM09,E-COM10,E-COM11,E-COM12,E-COM13,FURN_7777,FURN_8888");

/** How many SKUs one batch stock read asks for (at most 100). */
export const SKUS_PER_READ = Math.min(100, positiveNumber("SKUS_PER_READ", 20));

/** Gateway customer ids that orders are placed for and invoices listed by; the default is the sandbox's demo customers. */
export const CUSTOMERS = list("CUSTOMERS", "4,5,6,7,8,9,12,13");

/** Optional warehouse code for stock reads (e.g. WH); empty means every warehouse. */
export const WAREHOUSE = env("WAREHOUSE", "");

/** Where handleSummary writes its files. */
export const OUT_DIR = env("OUT_DIR", "results").replace(/\/+$/, "");

/**
 * A k6 duration ("90s", "1h30m", "500ms") in seconds, so that scripts can check their phases fit
 * together before a run rather than after it.
 */
export function seconds(/** @type {string} */ duration) {
  const units = { ms: 0.001, s: 1, m: 60, h: 3600 };
  const parts = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/.test(duration) ? duration.match(/\d+(?:\.\d+)?(?:ms|s|m|h)/g) : null;
  if (parts === null) {
    throw new Error(`'${duration}' is not a k6 duration such as 90s, 15m or 1h30m.`);
  }
  return parts.reduce((sum, part) => {
    const unit = /** @type {"ms" | "s" | "m" | "h"} */ (/(ms|s|m|h)$/.exec(part)?.[1]);
    return sum + parseFloat(part) * units[unit];
  }, 0);
}

/** Picks one element at random. */
export function pick(/** @type {readonly string[]} */ items) {
  return items[Math.floor(Math.random() * items.length)];
}

/** Picks `count` distinct elements at random (all of them if there are fewer). */
export function sample(/** @type {readonly string[]} */ items, /** @type {number} */ count) {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, Math.min(count, copy.length));
}

/** A random idempotency key (32 hex digits), as Salesforce would send a UUID per logical request. */
export function newKey() {
  return hex(randomBytes(16));
}

/**
 * A Salesforce-style id that is unique within this test run: the run id, the scenario and its
 * iteration number across all VUs. Re-running with the same RUN_ID reproduces the same ids.
 */
export function runScopedId(/** @type {string} */ prefix, /** @type {string} */ runId) {
  return `${prefix}${runId}${exec.scenario.name.slice(0, 3)}${exec.scenario.iterationInTest}`;
}

/**
 * A Salesforce record id unique in the run: 18 characters, the object's 3-character key prefix (0Q0 a Quote, 500 a
 * Case) and 15 letters or digits, as the gateway requires of a quote's or a return's natural key.
 */
export function runScopedRecordId(/** @type {string} */ keyPrefix, /** @type {string} */ runId) {
  const run = runId.replace(/[^A-Za-z0-9]/g, "").slice(0, 8).padEnd(8, "0");
  return `${keyPrefix}${run}${String(exec.scenario.iterationInTest).padStart(7, "0").slice(-7)}`;
}

/** A short random id for the run, unless RUN_ID pins one. Call it in setup() so every VU shares it. */
export function runId() {
  return env("RUN_ID", hex(randomBytes(4)));
}

function hex(/** @type {ArrayBuffer} */ buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

function env(/** @type {string} */ name, /** @type {string} */ fallback) {
  const value = __ENV[name];
  return value === undefined || value === "" ? fallback : value;
}

function list(/** @type {string} */ name, /** @type {string} */ fallback) {
  const items = env(name, fallback).split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 0) {
    throw new Error(`${name} must list at least one value.`);
  }
  return items;
}

function positiveNumber(/** @type {string} */ name, /** @type {number} */ fallback) {
  const raw = env(name, String(fallback));
  const value = Number(raw);
  if (!(value > 0)) {
    throw new Error(`${name} must be a positive number, not '${raw}'.`);
  }
  return value;
}
