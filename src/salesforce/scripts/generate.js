// Writes the kit's files that are derived from the repository's contracts, so that they cannot drift
// from them (a test regenerates them and fails on any difference):
//   staticresources/RetailGatewayPact.json  the Salesforce Apex pact's interactions (request line, answer
//                                           status, headers and body), which the Apex tests' callout mock answers with
// Usage: node scripts/generate.js [--pact <file>] [--out <force-app/main/default folder>]
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const kit = path.resolve(__dirname, '..');
const repository = path.resolve(kit, '..', '..');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? path.resolve(process.argv[at + 1]) : fallback;
}

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

function write(relative, text) {
  const file = path.join(out, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const pact = JSON.parse(fs.readFileSync(pactFile, 'utf8'));
write(path.join('staticresources', 'RetailGatewayPact.json'), JSON.stringify(pactResource(pact), null, 2) + '\n');
