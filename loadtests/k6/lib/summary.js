// handleSummary for every scenario: the full end-of-test data as JSON, and a short text report of
// the thresholds and request metrics on stdout and in a .txt file. Written here rather than
// imported from a remote jslib module, so a run needs nothing but k6 and these files.
import { OUT_DIR } from "./config.js";

/** Trend statistics every scenario reports; p(99) is in the SLOs, so it must be computed. */
export const TREND_STATS = ["avg", "min", "med", "p(90)", "p(95)", "p(99)", "max", "count"];

/**
 * @typedef {object} SummaryMetric
 * @property {"counter" | "gauge" | "rate" | "trend"} type
 * @property {"default" | "time" | "data"} contains
 * @property {Record<string, number>} values
 * @property {Record<string, { ok: boolean }>} [thresholds]
 */

/**
 * @typedef {object} SummaryData
 * @property {Record<string, SummaryMetric>} metrics
 * @property {{ testRunDurationMs: number }} state
 */

/**
 * The files handleSummary returns: results/<name>-summary.json and .txt, and the text on stdout.
 * @param {string} name
 * @param {SummaryData} data
 * @param {string[]} [notes] extra lines for the report (e.g. a drift computed from the data)
 * @returns {Record<string, string>}
 */
export function summaryFiles(name, data, notes = []) {
  const text = report(name, data, notes);
  return {
    stdout: text,
    [`${OUT_DIR}/${name}-summary.json`]: JSON.stringify(data, null, 2),
    [`${OUT_DIR}/${name}-summary.txt`]: text,
  };
}

/**
 * @param {string} name
 * @param {SummaryData} data
 * @param {string[]} notes
 */
function report(name, data, notes) {
  const lines = [];
  const names = Object.keys(data.metrics).sort();
  const checked = names.filter((n) => data.metrics[n].thresholds !== undefined);
  let failed = 0;
  /** @type {string[]} */
  const thresholdLines = [];
  for (const metricName of checked) {
    const metric = data.metrics[metricName];
    for (const [expression, result] of Object.entries(metric.thresholds ?? {})) {
      if (!result.ok) {
        failed++;
      }
      thresholdLines.push(`  ${result.ok ? "PASS" : "FAIL"}  ${metricName}  ${expression}   (${observed(metric, expression)})`);
    }
  }
  lines.push(`== ${name}: ${(data.state.testRunDurationMs / 1000).toFixed(0)} s, thresholds ${thresholdLines.length - failed} passed, ${failed} failed ==`);
  lines.push(...thresholdLines);
  if (notes.length > 0) {
    lines.push("", ...notes);
  }
  lines.push("", "metrics:");
  for (const metricName of names) {
    lines.push(`  ${metricName.padEnd(48)} ${values(data.metrics[metricName])}`);
  }
  return lines.join("\n") + "\n";
}

/** The statistic a threshold expression tests, as measured ("p(95)<300" -> "p(95)=212.4ms"). */
function observed(/** @type {SummaryMetric} */ metric, /** @type {string} */ expression) {
  const stat = expression.split(/[<>=!]/)[0].trim();
  const value = metric.values[stat];
  return value === undefined ? "n/a" : `${stat}=${format(metric, stat, value)}`;
}

function values(/** @type {SummaryMetric} */ metric) {
  return Object.entries(metric.values).map(([stat, value]) => `${stat}=${format(metric, stat, value)}`).join(" ");
}

function format(/** @type {SummaryMetric} */ metric, /** @type {string} */ stat, /** @type {number} */ value) {
  if (metric.type === "rate" && stat === "rate") {
    return `${(value * 100).toFixed(2)}%`;
  }
  if (metric.contains === "time" && stat !== "count" && stat !== "rate") {
    return `${value.toFixed(1)}ms`;
  }
  if (metric.contains === "data" && stat !== "rate") {
    return `${(value / 1048576).toFixed(1)}MiB`;
  }
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
