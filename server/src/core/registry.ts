// Every rule, sorted by id. Adding a rule: create rules/<id>.ts, list it here, add fixtures under
// test/fixtures/rules/<id>/ and run `npm run docs` (see CONTRIBUTING.md).
import type { Rule } from './rule';
import apkNoCache from './rules/apk-no-cache';

export const RULES: readonly Rule[] = [
  apkNoCache,
];
