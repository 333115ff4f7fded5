// Every rule, sorted by id. Adding a rule: create rules/<id>.ts, list it here, add fixtures under
// test/fixtures/rules/<id>/ and run `npm run docs` (see CONTRIBUTING.md).
import type { Rule } from './rule';
import addInsteadOfCopy from './rules/add-instead-of-copy';
import apkNoCache from './rules/apk-no-cache';
import aptInsteadOfAptGet from './rules/apt-instead-of-apt-get';
import aptListsNotCleaned from './rules/apt-lists-not-cleaned';
import aptNoInstallRecommends from './rules/apt-no-install-recommends';
import aptUpdateAlone from './rules/apt-update-alone';
import baseNotPinnedByDigest from './rules/base-not-pinned-by-digest';
import cdInRun from './rules/cd-in-run';
import consecutiveRun from './rules/consecutive-run';
import constantPlatformFlag from './rules/constant-platform-flag';
import copyAllWithoutDockerignore from './rules/copy-all-without-dockerignore';
import copyBeforeDependencies from './rules/copy-before-dependencies';
import copyDestMissingSlash from './rules/copy-dest-missing-slash';
import copyEntireFilesystem from './rules/copy-entire-filesystem';
import copyFromCurrentStage from './rules/copy-from-current-stage';
import copyFromUnknownStage from './rules/copy-from-unknown-stage';
import copyRelativeWithoutWorkdir from './rules/copy-relative-without-workdir';
import copyToRootHomeAsNonroot from './rules/copy-to-root-home-as-nonroot';
import curlPipeShell from './rules/curl-pipe-shell';
import deprecatedImageTag from './rules/deprecated-image-tag';
import duplicateStageName from './rules/duplicate-stage-name';
import emptyContinuationLine from './rules/empty-continuation-line';
import emptyLabel from './rules/empty-label';
import envSelfReference from './rules/env-self-reference';
import eolBaseImage from './rules/eol-base-image';
import exposeHostMapping from './rules/expose-host-mapping';
import exposeInvalidPort from './rules/expose-invalid-port';
import exposeProtocolCasing from './rules/expose-protocol-casing';
import fromAsCasing from './rules/from-as-casing';
import heavyBaseImage from './rules/heavy-base-image';
import inconsistentInstructionCasing from './rules/inconsistent-instruction-casing';
import instructionBeforeFrom from './rules/instruction-before-from';
import invalidDefaultArgInFrom from './rules/invalid-default-arg-in-from';
import invalidJsonArgs from './rules/invalid-json-args';
import invalidLabelKey from './rules/invalid-label-key';
import invalidOnbuildTrigger from './rules/invalid-onbuild-trigger';
import labelValueFormat from './rules/label-value-format';
import latestOrUntaggedBase from './rules/latest-or-untagged-base';
import legacyKeyValueFormat from './rules/legacy-key-value-format';
import maintainerDeprecated from './rules/maintainer-deprecated';
import missingHealthcheck from './rules/missing-healthcheck';
import multiStageCandidate from './rules/multi-stage-candidate';
import multipleCmdOrEntrypoint from './rules/multiple-cmd-or-entrypoint';
import nonInteractiveInstall from './rules/non-interactive-install';
import nonNumericUser from './rules/non-numeric-user';
import npmCacheNotCleaned from './rules/npm-cache-not-cleaned';
import npmOmitDev from './rules/npm-omit-dev';
import pipNoCacheDir from './rules/pip-no-cache-dir';
import pipefail from './rules/pipefail';
import pointlessCommand from './rules/pointless-command';
import pythonOnAlpine from './rules/python-on-alpine';
import redundantTargetPlatform from './rules/redundant-target-platform';
import relativeWorkdir from './rules/relative-workdir';
import removedInLaterLayer from './rules/removed-in-later-layer';
import requiredLabels from './rules/required-labels';
import reservedStageName from './rules/reserved-stage-name';
import rootUser from './rules/root-user';
import runtimeVersionMismatch from './rules/runtime-version-mismatch';
import secretInEnvOrArg from './rules/secret-in-env-or-arg';
import shellFormCmd from './rules/shell-form-cmd';
import shellInShellLessStage from './rules/shell-in-shell-less-stage';
import stageNameCasing from './rules/stage-name-casing';
import sudoInRun from './rules/sudo-in-run';
import symlinkBinSh from './rules/symlink-bin-sh';
import undefinedVariable from './rules/undefined-variable';
import unpinnedApkPackages from './rules/unpinned-apk-packages';
import unpinnedAptPackages from './rules/unpinned-apt-packages';
import unpinnedDnfPackages from './rules/unpinned-dnf-packages';
import unpinnedGemPackages from './rules/unpinned-gem-packages';
import unpinnedGoPackages from './rules/unpinned-go-packages';
import unpinnedNpmPackages from './rules/unpinned-npm-packages';
import unpinnedPipPackages from './rules/unpinned-pip-packages';
import unpinnedYumPackages from './rules/unpinned-yum-packages';
import unpinnedZypperPackages from './rules/unpinned-zypper-packages';
import untrustedRegistry from './rules/untrusted-registry';
import useraddWithoutNoLogInit from './rules/useradd-without-no-log-init';
import wgetAndCurl from './rules/wget-and-curl';
import wgetWithoutProgress from './rules/wget-without-progress';
import yumDnfZypperNotCleaned from './rules/yum-dnf-zypper-not-cleaned';
import zypperDistUpgrade from './rules/zypper-dist-upgrade';

export const RULES: readonly Rule[] = [
  addInsteadOfCopy,
  apkNoCache,
  aptInsteadOfAptGet,
  aptListsNotCleaned,
  aptNoInstallRecommends,
  aptUpdateAlone,
  baseNotPinnedByDigest,
  cdInRun,
  consecutiveRun,
  constantPlatformFlag,
  copyAllWithoutDockerignore,
  copyBeforeDependencies,
  copyDestMissingSlash,
  copyEntireFilesystem,
  copyFromCurrentStage,
  copyFromUnknownStage,
  copyRelativeWithoutWorkdir,
  copyToRootHomeAsNonroot,
  curlPipeShell,
  deprecatedImageTag,
  duplicateStageName,
  emptyContinuationLine,
  emptyLabel,
  envSelfReference,
  eolBaseImage,
  exposeHostMapping,
  exposeInvalidPort,
  exposeProtocolCasing,
  fromAsCasing,
  heavyBaseImage,
  inconsistentInstructionCasing,
  instructionBeforeFrom,
  invalidDefaultArgInFrom,
  invalidJsonArgs,
  invalidLabelKey,
  invalidOnbuildTrigger,
  labelValueFormat,
  latestOrUntaggedBase,
  legacyKeyValueFormat,
  maintainerDeprecated,
  missingHealthcheck,
  multiStageCandidate,
  multipleCmdOrEntrypoint,
  nonInteractiveInstall,
  nonNumericUser,
  npmCacheNotCleaned,
  npmOmitDev,
  pipNoCacheDir,
  pipefail,
  pointlessCommand,
  pythonOnAlpine,
  redundantTargetPlatform,
  relativeWorkdir,
  removedInLaterLayer,
  requiredLabels,
  reservedStageName,
  rootUser,
  runtimeVersionMismatch,
  secretInEnvOrArg,
  shellFormCmd,
  shellInShellLessStage,
  stageNameCasing,
  sudoInRun,
  symlinkBinSh,
  undefinedVariable,
  unpinnedApkPackages,
  unpinnedAptPackages,
  unpinnedDnfPackages,
  unpinnedGemPackages,
  unpinnedGoPackages,
  unpinnedNpmPackages,
  unpinnedPipPackages,
  unpinnedYumPackages,
  unpinnedZypperPackages,
  untrustedRegistry,
  useraddWithoutNoLogInit,
  wgetAndCurl,
  wgetWithoutProgress,
  yumDnfZypperNotCleaned,
  zypperDistUpgrade,
];
