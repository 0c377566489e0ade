// Reads every .cls and .trigger under a force-app folder with @apexdevtools/apex-parser and prints, as
// JSON: each file's syntax errors, every RetailGatewayRequest callout chain (read from the parse tree),
// the members of the RetailGatewayModels wire types and the Salesforce Apex pact interactions the Apex
// tests answer with (string literals naming a kit interaction). Usage: node apex.js <force-app folder>
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const {
  ApexParserFactory, ApexErrorListener, ApexParserBaseListener, ApexParseTreeWalker,
  NewExpressionContext, DotExpressionContext, Arth2ExpressionContext, PrimaryExpressionContext,
  LiteralPrimaryContext, TypeRefPrimaryContext, IdPrimaryContext, MethodDeclarationContext,
  ConstructorDeclarationContext, ClassDeclarationContext,
} = require('@apexdevtools/apex-parser');

const REQUEST_CLASS = 'retailgatewayrequest';
const MODELS_CLASS = 'RetailGatewayModels';
// The kit's interactions in the Salesforce Apex pact are named "v2: ..." (tests/RetailGateway.Pact.Tests).
const PACT_INTERACTION = /^v2: /;

function apexFiles(folder) {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return apexFiles(full);
    return /\.(cls|trigger)$/i.test(entry.name) ? [full] : [];
  }).sort();
}

class Collect extends ApexErrorListener {
  constructor() { super(); this.errors = []; }
  apexSyntaxError(line, column, message) { this.errors.push(`${line}:${column} ${message}`); }
}

function stringLiteral(expression) {
  if (!(expression instanceof PrimaryExpressionContext)) return null;
  return literalText(expression.primary());
}

function literalText(primary) {
  if (!(primary instanceof LiteralPrimaryContext) || !primary.literal().StringLiteral()) return null;
  return primary.literal().getText().slice(1, -1).replace(/\\(.)/g, '$1');
}

// A path built of literals and values: each value becomes {} (a path parameter).
function pathTemplate(expression) {
  const literal = stringLiteral(expression);
  if (literal !== null) return literal;
  if (expression instanceof Arth2ExpressionContext && expression.ADD()) {
    return pathTemplate(expression.expression(0)) + pathTemplate(expression.expression(1));
  }
  return '{}';
}

function withoutModels(typeText) {
  return typeText.replace(new RegExp(`\\b${MODELS_CLASS}\\.`, 'gi'), '');
}

function enclosing(node, type) {
  for (let current = node.parentCtx; current; current = current.parentCtx) {
    if (current instanceof type) return current;
  }
  return null;
}

function parameterTypes(method) {
  const types = {};
  const list = method && method.formalParameters().formalParameterList();
  for (const parameter of list ? list.formalParameter_list() : []) {
    types[parameter.id().getText().toLowerCase()] = withoutModels(parameter.typeRef().getText());
  }
  return types;
}

function readCallout(creation, file, problems) {
  const line = creation.start.line;
  const where = `${file}:${line}`;
  const args = creation.creator().classCreatorRest()?.arguments().expressionList()?.expression_list() ?? [];
  const method = args.length === 2 ? stringLiteral(args[0]) : null;
  if (method === null) problems.push(`${where}: new RetailGatewayRequest needs a literal method and a path`);
  const declaration = enclosing(creation, MethodDeclarationContext) ?? enclosing(creation, ConstructorDeclarationContext);
  const callout = {
    file, line, caller: declaration?.id?.()?.getText() ?? null, method, path: args.length === 2 ? pathTemplate(args[1]) : null,
    query: [], headers: [], body: null, response: null,
  };
  const parameters = parameterTypes(declaration instanceof MethodDeclarationContext ? declaration : null);
  // Walk up the fluent chain: new RetailGatewayRequest(...).query(...).header(...).body(...).send(...)
  for (let node = creation, parent = creation.parentCtx; parent instanceof DotExpressionContext && parent.expression() === node; node = parent, parent = parent.parentCtx) {
    const call = parent.dotMethodCall();
    if (!call) continue;
    const name = call.anyId().getText().toLowerCase();
    const callArgs = call.expressionList()?.expression_list() ?? [];
    if (name === 'query' || name === 'header') {
      const key = callArgs.length ? stringLiteral(callArgs[0]) : null;
      if (key === null) problems.push(`${where}: .${name}() needs a literal name`);
      else (name === 'query' ? callout.query : callout.headers).push(key);
    } else if (name === 'body') {
      const argument = callArgs[0];
      const primary = argument instanceof PrimaryExpressionContext ? argument.primary() : null;
      const type = primary instanceof IdPrimaryContext ? parameters[primary.getText().toLowerCase()] : undefined;
      if (!type) problems.push(`${where}: .body() needs a parameter of the enclosing method`);
      else callout.body = type;
    } else if (name === 'send') {
      const argument = callArgs[0];
      const primary = argument instanceof PrimaryExpressionContext ? argument.primary() : null;
      if (primary instanceof TypeRefPrimaryContext) callout.response = withoutModels(primary.typeRef().getText());
      else problems.push(`${where}: .send() needs a Type literal (X.class)`);
    }
  }
  return callout;
}

class Walk extends ApexParserBaseListener {
  constructor(file, result) { super(); this.file = file; this.result = result; }
  enterNewExpression(context) {
    const names = context.creator().createdName().idCreatedNamePair_list();
    if (names.length === 1 && names[0].anyId().getText().toLowerCase() === REQUEST_CLASS) {
      this.result.callouts.push(readCallout(context, this.file, this.result.problems));
    }
  }
  enterLiteralPrimary(context) {
    const text = literalText(context);
    if (text !== null && PACT_INTERACTION.test(text)) {
      this.result.pactAnswers.push({ file: this.file, line: context.start.line, description: text });
    }
  }
  enterClassDeclaration(context) {
    const outer = enclosing(context, ClassDeclarationContext);
    if (!outer || outer.id().getText() !== MODELS_CLASS) return;
    const members = [];
    for (const declaration of context.classBody().classBodyDeclaration_list()) {
      const field = declaration.memberDeclaration()?.fieldDeclaration();
      if (!field) continue;
      for (const declarator of field.variableDeclarators().variableDeclarator_list()) {
        members.push({ name: declarator.id().getText(), type: withoutModels(field.typeRef().getText()) });
      }
    }
    this.result.models[context.id().getText()] = members;
  }
}

const root = path.resolve(process.argv[2]);
const result = { files: [], callouts: [], models: {}, pactAnswers: [], problems: [] };
for (const full of apexFiles(root)) {
  const file = path.relative(root, full).split(path.sep).join('/');
  const listener = new Collect();
  const { parser } = ApexParserFactory.createLexerAndParser(fs.readFileSync(full, 'utf8'), listener);
  const tree = full.toLowerCase().endsWith('.trigger') ? parser.triggerUnit() : parser.compilationUnit();
  result.files.push({ file, errors: listener.errors });
  if (listener.errors.length === 0) ApexParseTreeWalker.DEFAULT.walk(new Walk(file, result), tree);
}
process.stdout.write(JSON.stringify(result, null, 1));
