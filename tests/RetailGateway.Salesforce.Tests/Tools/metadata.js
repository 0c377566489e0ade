// Resolves every component of an SFDX project's package folders with @salesforce/source-deploy-retrieve and converts
// it to Metadata API format, as `sf project deploy start` does before it talks to an org. Prints JSON:
// the components with their files (relative to the project), the members (Type:fullName) and API
// version of the package.xml the conversion wrote, and the error that stopped either step.
// Usage: node metadata.js <project folder (holds sfdx-project.json)> <output folder>
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { ComponentSet, MetadataConverter } = require('@salesforce/source-deploy-retrieve');

async function main(project, output) {
  const result = { components: [], packaged: [], packageVersion: null, error: null };
  try {
    const settings = JSON.parse(fs.readFileSync(path.join(project, 'sfdx-project.json'), 'utf8'));
    const set = ComponentSet.fromSource(settings.packageDirectories.map(p => path.join(project, p.path)));
    set.sourceApiVersion = settings.sourceApiVersion;
    // A decomposed parent (a custom object with its fields) lists its children; each is a component of its own.
    const seen = new Set();
    for (const component of set.getSourceComponents().toArray().flatMap(c => [c, ...c.getChildren()])) {
      const key = `${component.type.name}:${component.fullName}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const files = [component.xml, ...component.walkContent()].filter(Boolean);
      result.components.push({ type: component.type.name, fullName: component.fullName, files: files.map(f => path.relative(project, f).split(path.sep).join('/')) });
    }
    await new MetadataConverter().convert(set, 'metadata', { type: 'directory', outputDirectory: output, genUniqueDir: false });
    const manifest = fs.readFileSync(path.join(output, 'package.xml'), 'utf8');
    result.packageVersion = /<version>([^<]+)<\/version>/.exec(manifest)?.[1] ?? null;
    for (const [, block] of manifest.matchAll(/<types>([\s\S]*?)<\/types>/g)) {
      const type = /<name>([^<]+)<\/name>/.exec(block)[1];
      for (const [, member] of block.matchAll(/<members>([^<]+)<\/members>/g)) result.packaged.push(`${type}:${member}`);
    }
  } catch (error) {
    result.error = `${error.name}: ${error.message}`;
  }
  process.stdout.write(JSON.stringify(result, null, 1));
}

main(path.resolve(process.argv[2]), path.resolve(process.argv[3]));
