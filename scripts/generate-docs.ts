// Writes docs/rules/<id>.md for every rule and the rule table in README.md (npm run docs).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleDoc, withRuleTable } from '../server/src/core/docs';
import { RULES } from '../server/src/core/registry';

const root = join(__dirname, '..');
const docsFolder = join(root, 'docs', 'rules');
mkdirSync(docsFolder, { recursive: true });
const expected = new Set(RULES.map((rule) => `${rule.meta.id}.md`));
for (const name of readdirSync(docsFolder)) if (!expected.has(name)) rmSync(join(docsFolder, name));
for (const rule of RULES) writeFileSync(join(docsFolder, `${rule.meta.id}.md`), renderRuleDoc(rule.meta));
const readmePath = join(root, 'README.md');
writeFileSync(readmePath, withRuleTable(readFileSync(readmePath, 'utf8'), RULES));
console.log(`wrote ${RULES.length} rule pages and the README rule table`);
