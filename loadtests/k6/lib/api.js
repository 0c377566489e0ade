// The gateway calls the scenarios make, each tagged with its request kind so thresholds can hold
// every kind to its own SLO (http_req_duration{kind:stock_batch} ...).
import http from "k6/http";
import { BASE_URL, CUSTOMERS, REQUEST_TIMEOUT, SKUS, SKUS_PER_READ, WAREHOUSE, newKey, pick, sample } from "./config.js";

/** Request kinds; the names appear in thresholds and in the summary. */
export const KIND = Object.freeze({
  stockBatch: "stock_batch",
  customerUpsert: "customer_upsert",
  orderSubmit: "order_submit",
  orderRead: "order_read",
  invoiceRead: "invoice_read",
  productRead: "product_read",
  quote: "quote",
  caseReturn: "case_return",
});

/**
 * @typedef {object} CallOptions
 * @property {Record<string, string>} [tags] extra metric tags
 * @property {ReturnType<typeof import("k6/http").expectedStatuses>} [expect] which statuses count as success (default 2xx)
 */

/** A batch stock read: one Odoo call for SKUS_PER_READ SKUs. */
export function readStock(/** @type {string} */ token, /** @type {CallOptions} */ options = {}) {
  const skus = sample(SKUS, SKUS_PER_READ).map(encodeURIComponent).join(",");
  const warehouse = WAREHOUSE === "" ? "" : `&warehouse=${encodeURIComponent(WAREHOUSE)}`;
  return http.get(`${BASE_URL}/api/v1/stock?skus=${skus}${warehouse}`, params(token, KIND.stockBatch, options));
}

/** Upsert by Salesforce Account id: the first call for an id creates (201), later ones replace (200). */
export function upsertCustomer(/** @type {string} */ token, /** @type {string} */ salesforceId, /** @type {CallOptions} */ options = {}) {
  const body = JSON.stringify({
    name: `Load Test Account ${salesforceId}`,
    email: `${salesforceId.toLowerCase()}@loadtest.example`,
    isCompany: true,
    billingAddress: { street: "1 Market St", city: "Springfield", postalCode: "62701", countryCode: "US" },
  });
  return http.put(`${BASE_URL}/api/v1/customers/by-salesforce-id/${encodeURIComponent(salesforceId)}`, body,
    params(token, KIND.customerUpsert, options, { "Content-Type": "application/json" }));
}

/** The body of an order submission with one to three lines from the SKU pool. */
export function orderBody(/** @type {string} */ salesforceId, /** @type {string} */ customerId) {
  const lines = sample(SKUS, 1 + Math.floor(Math.random() * 3)).map((sku) => ({ sku, quantity: 1 + Math.floor(Math.random() * 3) }));
  return JSON.stringify({ salesforceId, customerId, lines });
}

/** Submits an order with an Idempotency-Key, as a Salesforce callout does. */
export function submitOrder(
  /** @type {string} */ token,
  /** @type {string} */ body,
  /** @type {string} */ idempotencyKey,
  /** @type {CallOptions} */ options = {},
) {
  return http.post(`${BASE_URL}/api/v1/orders`, body,
    params(token, KIND.orderSubmit, options, { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey }));
}

/** The same submission as an entry of http.batch, so several copies leave at the same moment. */
export function submitOrderRequest(
  /** @type {string} */ token,
  /** @type {string} */ body,
  /** @type {string} */ idempotencyKey,
  /** @type {CallOptions} */ options = {},
) {
  return /** @type {import("k6/http").ObjectBatchRequest} */ ({
    method: "POST",
    url: `${BASE_URL}/api/v1/orders`,
    body,
    params: params(token, KIND.orderSubmit, options, { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey }),
  });
}

/** Order status reads: a customer's latest orders, then one order in full. */
export function readOrders(/** @type {string} */ token, /** @type {CallOptions} */ options = {}) {
  const list = http.get(`${BASE_URL}/api/v1/orders?customerId=${pick(CUSTOMERS)}&limit=20`, params(token, KIND.orderRead, options));
  const id = firstId(list, "orderId");
  return id === null ? list : http.get(`${BASE_URL}/api/v1/orders/${id}`, params(token, KIND.orderRead, options));
}

/** Invoice reads: a customer's invoices, then one invoice in full. */
export function readInvoices(/** @type {string} */ token, /** @type {CallOptions} */ options = {}) {
  const list = http.get(`${BASE_URL}/api/v1/invoices?customerId=${pick(CUSTOMERS)}&limit=20`, params(token, KIND.invoiceRead, options));
  const id = firstId(list, "invoiceId");
  return id === null ? list : http.get(`${BASE_URL}/api/v1/invoices/${id}`, params(token, KIND.invoiceRead, options));
}

/** Catalog reads: a page of products, then one product in full by its SKU. */
export function readProducts(/** @type {string} */ token, /** @type {CallOptions} */ options = {}) {
  const list = http.get(`${BASE_URL}/api/v2/products?limit=20`, params(token, KIND.productRead, options));
  const sku = firstId(list, "sku");
  return sku === null ? list : http.get(`${BASE_URL}/api/v2/products/${sku}`, params(token, KIND.productRead, options));
}

/**
 * Quote to order: a quotation priced by Odoo for a customer, then accepted into the order. Answers the
 * quote's response when it failed, else the acceptance's.
 */
export function quoteToOrder(
  /** @type {string} */ token,
  /** @type {string} */ salesforceId,
  /** @type {string} */ customerId,
  /** @type {CallOptions} */ options = {},
) {
  const lines = sample(SKUS, 1 + Math.floor(Math.random() * 3)).map((sku) => ({ sku, quantity: 1 + Math.floor(Math.random() * 3) }));
  const json = { "Content-Type": "application/json" };
  const quote = http.post(`${BASE_URL}/api/v2/quotes`, JSON.stringify({ salesforceId, customerId, lines }),
    params(token, KIND.quote, options, { ...json, "Idempotency-Key": newKey() }));
  const id = quote.status === 201 ? field(quote, "quoteId") : null;
  return id === null ? quote : http.post(`${BASE_URL}/api/v2/quotes/${encodeURIComponent(id)}/accept`, null,
    params(token, KIND.quote, options, { "Idempotency-Key": newKey() }));
}

/**
 * A Case's return of one delivered unit, as a service agent's Case flow opens it, then the return read back as the
 * Case shows it. Answers the creation's response when it failed, else the read's.
 */
export function returnUnit(
  /** @type {string} */ token,
  /** @type {DeliveredUnit} */ unit,
  /** @type {string} */ caseId,
  /** @type {CallOptions} */ options = {},
) {
  const body = JSON.stringify({ salesforceId: caseId, reason: "Load test: damaged in transit", lines: [{ sku: unit.sku, quantity: 1 }] });
  const opened = http.post(`${BASE_URL}/api/v2/orders/${encodeURIComponent(unit.orderId)}/returns`, body,
    params(token, KIND.caseReturn, options, { "Content-Type": "application/json", "Idempotency-Key": newKey() }));
  const id = opened.status === 201 ? field(opened, "returnId") : null;
  return id === null ? opened : http.get(`${BASE_URL}/api/v2/returns/${encodeURIComponent(id)}`, params(token, KIND.caseReturn, options));
}

/** @typedef {{ orderId: string, sku: string }} DeliveredUnit one unit of an order's delivery that a return may take back */

/**
 * Up to `wanted` units the customers' orders (each customer's first 200) delivered and no return holds yet, one entry
 * per unit, so that the n-th return of a run takes back the n-th unit and none is asked for twice.
 * @returns {DeliveredUnit[]}
 */
export function deliveredUnits(/** @type {string} */ token, /** @type {readonly string[]} */ customers, /** @type {number} */ wanted) {
  /** @type {DeliveredUnit[]} */
  const units = [];
  for (const customer of customers) {
    const orders = /** @type {{ orderId: string, lines?: { sku: string, quantityDelivered?: number }[] }[]} */ (
      items(http.get(`${BASE_URL}/api/v2/orders?customerId=${encodeURIComponent(customer)}&limit=200`, params(token, "setup", {}))));
    for (const order of orders) {
      if (units.length >= wanted) {
        return units;
      }
      const delivered = (order.lines ?? []).filter((line) => (line.quantityDelivered ?? 0) >= 1);
      if (delivered.length === 0) {
        continue;
      }
      // Pending returns count as returned; a received one lowers quantityDelivered too, so this errs on the safe side.
      const taken = /** @type {Record<string, number>} */ ({});
      const returns = /** @type {{ status: string, lines: { sku: string, quantity: number }[] }[]} */ (
        items(http.get(`${BASE_URL}/api/v2/returns?orderId=${encodeURIComponent(order.orderId)}&limit=200`, params(token, "setup", {}))));
      for (const line of returns.filter((r) => r.status !== "cancelled").flatMap((r) => r.lines)) {
        taken[line.sku] = (taken[line.sku] ?? 0) + line.quantity;
      }
      for (const line of delivered) {
        for (let n = Math.floor(line.quantityDelivered ?? 0) - (taken[line.sku] ?? 0); n > 0 && units.length < wanted; n--) {
          units.push({ orderId: order.orderId, sku: line.sku });
        }
      }
    }
  }
  return units;
}

/**
 * Every order the gateway holds for a Salesforce order id (exactly one is the only right answer
 * after any number of retries).
 * @returns {number | null} the count, or null when the lookup itself failed
 */
export function countOrdersBySalesforceId(/** @type {string} */ token, /** @type {string} */ salesforceId) {
  const res = http.get(`${BASE_URL}/api/v1/orders?salesforceId=${encodeURIComponent(salesforceId)}&limit=200`,
    params(token, "order_verify", {}));
  if (res.status !== 200) {
    return null;
  }
  const items = /** @type {{ items?: unknown[] }} */ (res.json());
  return Array.isArray(items.items) ? items.items.length : null;
}

/** A random customer id from the pool. */
export function anyCustomer() {
  return pick(CUSTOMERS);
}

/** True when a rejection carries what Salesforce needs to back off: Retry-After (and, for 429, the RateLimit headers). */
export function hasBackoffHeaders(/** @type {import("k6/http").RefinedResponse<any>} */ res) {
  const retryAfter = header(res, "Retry-After") !== undefined;
  return res.status === 429 ? retryAfter && header(res, "RateLimit") !== undefined && header(res, "RateLimit-Policy") !== undefined : retryAfter;
}

/** A response header by name, whatever the case the server used. */
export function header(/** @type {import("k6/http").RefinedResponse<any>} */ res, /** @type {string} */ name) {
  const wanted = name.toLowerCase();
  for (const key of Object.keys(res.headers)) {
    if (key.toLowerCase() === wanted) {
      return res.headers[key];
    }
  }
  return undefined;
}

function field(/** @type {import("k6/http").RefinedResponse<any>} */ res, /** @type {string} */ name) {
  const value = /** @type {Record<string, unknown>} */ (res.json())[name];
  return typeof value === "string" ? value : null;
}

/** A page's items; a setup read that fails stops the run before any load. */
function items(/** @type {import("k6/http").RefinedResponse<any>} */ res) {
  if (res.status !== 200) {
    throw new Error(`Setup: GET ${res.request.url} answered ${res.status} (${res.error || "no error text"}).`);
  }
  const page = /** @type {{ items?: unknown[] }} */ (res.json());
  return Array.isArray(page.items) ? page.items : [];
}

function firstId(/** @type {import("k6/http").RefinedResponse<any>} */ res, /** @type {string} */ field) {
  if (res.status !== 200) {
    return null;
  }
  const page = /** @type {{ items?: Record<string, unknown>[] }} */ (res.json());
  const items = Array.isArray(page.items) ? page.items : [];
  if (items.length === 0) {
    return null;
  }
  const id = items[Math.floor(Math.random() * items.length)][field];
  return typeof id === "string" ? encodeURIComponent(id) : null;
}

/**
 * @param {string} token
 * @param {string} kind
 * @param {CallOptions} options
 * @param {Record<string, string>} [headers]
 * @returns {import("k6/http").Params}
 */
function params(token, kind, options, headers = {}) {
  /** @type {import("k6/http").Params} */
  const p = {
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json", ...headers },
    tags: { kind, ...(options.tags ?? {}) },
    timeout: REQUEST_TIMEOUT,
  };
  if (options.expect !== undefined) {
    p.responseCallback = options.expect;
  }
  return p;
}

/**
 * Fails the run before any load when the gateway is unreachable or a token is refused, so a
 * mistyped BASE_URL or an expired token does not show up as a wall of errors.
 */
export function preflight(/** @type {{ name: string, token: string }[]} */ callers) {
  for (const caller of callers) {
    const res = http.get(`${BASE_URL}/api/v1/stock?skus=${encodeURIComponent(SKUS[0])}`, params(caller.token, "preflight", {}));
    if (res.status !== 200) {
      throw new Error(`Preflight for ${caller.name}: GET /api/v1/stock answered ${res.status} (${res.error || "no error text"}); check BASE_URL and the token.`);
    }
  }
}
