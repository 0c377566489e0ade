// Runs PMD's Apex rules through Salesforce Code Analyzer (its core and PMD engine, the engine the `sf code-analyzer`
// plugin runs; Java 11+ on PATH) on a force-app folder and prints, as JSON, every violation with its severity
// (1 critical ... 5 info). Usage: node pmd.js <force-app folder>
'use strict';
const path = require('node:path');
const { CodeAnalyzer, CodeAnalyzerConfig, EventType, LogLevel } = require('@salesforce/code-analyzer-core');
const pmd = require('@salesforce/code-analyzer-pmd-engine');

async function main(root) {
  // CPD (copy-paste detection) is a separate engine in the same plugin; only PMD's rules are wanted here.
  const analyzer = new CodeAnalyzer(CodeAnalyzerConfig.fromObject({ engines: { cpd: { disable_engine: true } } }));
  const errors = [];
  analyzer.onEvent(EventType.LogEvent, event => { if (event.logLevel === LogLevel.Error) errors.push(event.message); });
  await analyzer.addEnginePlugin(pmd.createEnginePlugin());
  const workspace = await analyzer.createWorkspace([root]);
  const rules = await analyzer.selectRules(['pmd:Apex'], { workspace });
  const results = await analyzer.run(rules, { workspace });
  const violations = results.getViolations().map(violation => {
    const location = violation.getPrimaryLocation();
    return {
      severity: violation.getRule().getSeverityLevel(),
      rule: violation.getRule().getName(),
      file: path.relative(root, location.getFile()).split(path.sep).join('/'),
      line: location.getStartLine() ?? 0,
      message: violation.getMessage(),
    };
  });
  process.stdout.write(JSON.stringify({ rules: rules.getCount(), violations, errors }, null, 1));
}

main(path.resolve(process.argv[2])).catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(2);
});
