// Every rule, sorted by id. Adding a rule: create rules/<id>.ts, list it here, add fixtures under
// test/fixtures/rules/<id>/ and run `npm run docs` (see CONTRIBUTING.md).
import type { Rule } from './rule';
import apkNoCache from './rules/apk-no-cache';
import aptListsNotCleaned from './rules/apt-lists-not-cleaned';
import aptNoInstallRecommends from './rules/apt-no-install-recommends';
import consecutiveRun from './rules/consecutive-run';
import invalidJsonArgs from './rules/invalid-json-args';
import latestOrUntaggedBase from './rules/latest-or-untagged-base';
import multiStageCandidate from './rules/multi-stage-candidate';
import pipNoCacheDir from './rules/pip-no-cache-dir';
import rootUser from './rules/root-user';
import shellFormCmd from './rules/shell-form-cmd';

export const RULES: readonly Rule[] = [
  apkNoCache,
  aptListsNotCleaned,
  aptNoInstallRecommends,
  consecutiveRun,
  invalidJsonArgs,
  latestOrUntaggedBase,
  multiStageCandidate,
  pipNoCacheDir,
  rootUser,
  shellFormCmd,
];
