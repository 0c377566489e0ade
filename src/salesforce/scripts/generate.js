// Writes the kit's files that are derived from the repository's contracts, so that they cannot drift
// from them (a test regenerates them and fails on any difference):
//   staticresources/RetailGatewayPact.json  the Salesforce Apex pact's interactions (request line, answer
//                                           status, headers and body), which the Apex tests' callout mock answers with
//   externalServiceRegistrations/RetailGateway.externalServiceRegistration-meta.xml
//                                           openapi.yaml's operations for Flow, bound to the RetailGateway Named Credential
// It reads YAML with the `yaml` package pinned in tests/RetailGateway.Salesforce.Tests/Tools (npm ci there first).
// Usage: node scripts/generate.js [--pact <file>] [--openapi <file>] [--out <force-app/main/default folder>]
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const kit = path.resolve(__dirname, '..');
const repository = path.resolve(kit, '..', '..');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? path.resolve(process.argv[at + 1]) : fallback;
}

const openApiFile = option('--openapi', path.join(repository, 'openapi.yaml'));
const pactFile = option('--pact', path.join(repository, 'contracts', 'pacts', 'SalesforceApex-RetailGateway.json'));
const out = option('--out', path.join(kit, 'force-app', 'main', 'default'));

// The headers Apex reads from an answer; Pact lists each header's values.
const ANSWER_HEADERS = ['Content-Type', 'Location', 'Retry-After', 'Idempotent-Replayed', 'WWW-Authenticate'];

function pactResource(pact) {
  const interactions = {};
  for (const interaction of [...pact.interactions].sort((a, b) => a.description.localeCompare(b.description, 'en'))) {
    const { request, response } = interaction;
    const headers = {};
    for (const name of ANSWER_HEADERS) {
      const value = response.headers?.[name];
      if (value !== undefined) headers[name] = [].concat(value).join(', ');
    }
    interactions[interaction.description] = {
      request: { method: request.method, path: request.path, query: request.query ?? {} },
      response: { status: response.status, headers, body: response.body?.content ?? null },
    };
  }
  return { consumer: pact.consumer.name, provider: pact.provider.name, interactions };
}

// The operations a Flow calls: reads, upserting an Account's customer, orders and their intake, and what a
// service agent's Case flow does (a return, its receipt, a credit note). The change feeds and the exception queue
// are for Apex and operators; a Flow would not poll or replay.
const FLOW_OPERATIONS = [
  'searchCustomers', 'getCustomer', 'upsertCustomerBySalesforceId',
  'submitOrder', 'queueOrder', 'getOrderSubmission', 'getOrder', 'listOrders', 'cancelOrder',
  'getStock', 'listStock', 'getInvoice', 'listInvoices',
  'createReturn', 'getReturn', 'listReturns', 'receiveReturn', 'createCreditNote',
];
// Conditional requests (ETags) need state a Flow does not keep between runs.
const CONDITIONAL_HEADERS = ['If-None-Match', 'If-Match'];

function references(node, found) {
  if (Array.isArray(node)) node.forEach(n => references(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.add(value);
      else references(value, found);
    }
  }
  return found;
}

// openapi.yaml cut to FLOW_OPERATIONS and the components they reach; servers go, as the Named Credential holds the address.
function flowSpec(spec) {
  const paths = {};
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!FLOW_OPERATIONS.includes(operation.operationId)) continue;
      const kept = { ...operation, parameters: (operation.parameters ?? []).filter(p => !(p.in === 'header' && CONDITIONAL_HEADERS.includes(p.name))) };
      (paths[template] ??= {})[method] = kept;
    }
  }
  const missing = FLOW_OPERATIONS.filter(id => !Object.values(paths).some(item => Object.values(item).some(o => o.operationId === id)));
  if (missing.length) throw new Error(`openapi.yaml has no operation ${missing.join(', ')}`);
  // Keep the components the kept operations reach, following references transitively.
  const reached = new Set();
  let pending = [...references(paths, new Set())];
  while (pending.length) {
    const ref = pending.pop();
    if (reached.has(ref)) continue;
    reached.add(ref);
    const [, , kind, name] = ref.split('/');
    pending.push(...references(spec.components[kind][name], new Set()));
  }
  const components = {};
  for (const [kind, entries] of Object.entries(spec.components)) {
    for (const [name, value] of Object.entries(entries)) {
      if (kind === 'securitySchemes' || reached.has(`#/components/${kind}/${name}`)) (components[kind] ??= {})[name] = value;
    }
  }
  const { servers, ...rest } = spec;
  return { ...rest, paths, components };
}

function xml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function registration(spec) {
  const operations = [...FLOW_OPERATIONS].sort().map(name => `    <operations>\n        <active>true</active>\n        <name>${name}</name>\n    </operations>\n`).join('');
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + '<ExternalServiceRegistration xmlns="http://soap.sforce.com/2006/04/metadata">\n'
    + '    <description>The RetailGateway v2 API for Flow, generated from openapi.yaml by src/salesforce/scripts/generate.js: do not edit.</description>\n'
    + '    <label>RetailGateway</label>\n'
    + '    <namedCredentialReference>RetailGateway</namedCredentialReference>\n'
    + operations
    + '    <registrationProviderType>Custom</registrationProviderType>\n'
    + `    <schema>${xml(JSON.stringify(spec))}</schema>\n`
    + '    <schemaType>OpenApi3</schemaType>\n'
    + '    <schemaUploadFileExtension>json</schemaUploadFileExtension>\n'
    + '    <schemaUploadFileName>openapi</schemaUploadFileName>\n'
    + '    <status>Complete</status>\n'
    + '    <systemVersion>5</systemVersion>\n'
    + '</ExternalServiceRegistration>\n';
}

function write(relative, text) {
  const file = path.join(out, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const pact = JSON.parse(fs.readFileSync(pactFile, 'utf8'));
write(path.join('staticresources', 'RetailGatewayPact.json'), JSON.stringify(pactResource(pact), null, 2) + '\n');

const YAML = require(require.resolve('yaml', { paths: [path.join(repository, 'tests', 'RetailGateway.Salesforce.Tests', 'Tools')] }));
const spec = YAML.parse(fs.readFileSync(openApiFile, 'utf8'));
write(path.join('externalServiceRegistrations', 'RetailGateway.externalServiceRegistration-meta.xml'), registration(flowSpec(spec)));
