// apt-instead-of-apt-get: `apt` is the interactive front end; scripts should call `apt-get`/`apt-cache`.
import { replaceSpan } from '../edits';
import { aptVerb, runScripts } from '../model/commands';
import { defineRule, type Fix } from '../rule';

/** Verbs `apt-get` has with the same meaning (`full-upgrade` is apt-get's `dist-upgrade`). */
const APT_GET_EQUIVALENT: Record<string, string> = {
  install: 'install', remove: 'remove', purge: 'purge', update: 'update', autoremove: 'autoremove', autopurge: 'autopurge',
  clean: 'clean', autoclean: 'autoclean', 'build-dep': 'build-dep', source: 'source', download: 'download',
  satisfy: 'satisfy', reinstall: 'reinstall', 'full-upgrade': 'dist-upgrade', 'dist-upgrade': 'dist-upgrade',
};
/** Read-only verbs that live in `apt-cache`. */
const APT_CACHE_VERBS = new Set(['search', 'show', 'policy', 'depends', 'rdepends', 'showsrc']);

export default defineRule({
  meta: {
    id: 'apt-instead-of-apt-get',
    title: 'apt instead of apt-get',
    category: 'maintenance',
    defaultSeverity: 'warning',
    fixAvailability: 'sometimes',
    summary: 'Call `apt-get` (or `apt-cache`) in a Dockerfile; `apt` is meant for people at a terminal.',
    docs: {
      why: [
        '`apt` is the interactive front end of APT. Its output and behaviour may change between releases (it prints "WARNING: apt does not have a stable CLI interface. Use with caution in scripts."), it draws progress bars into the build log, and its defaults differ from `apt-get` (`apt upgrade` installs new dependencies, `apt-get upgrade` does not). `apt-get` and `apt-cache` are the stable, script-friendly commands with the same package database.',
      ].join('\n'),
      incorrect: 'FROM ubuntu:24.04\nRUN apt update && apt install -y curl',
      correct: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl',
      fixSafety: [
        'Safe for the verbs `apt-get` has with the same meaning: `install`, `remove`, `purge`, `update`, `autoremove`, `clean`, `build-dep`, `source`, `download`, `satisfy`, `reinstall`, and `full-upgrade`, which becomes `dist-upgrade` (the same operation under apt-get\'s name). The options are shared, so they stay as written.',
        '',
        'No fix for `apt upgrade` (apt-get\'s `upgrade` does not install new dependencies; write `apt-get upgrade --with-new-pkgs` or `dist-upgrade` deliberately), for `list` (no `apt-get` equivalent) or for the `apt-cache` verbs (`search`, `show`, `policy`: the message names the command to use).',
        '',
        'One difference remains: `apt` deletes the downloaded `.deb` files after installing, `apt-get` keeps them in `/var/cache/apt/archives` — the official Debian and Ubuntu images delete them anyway (`/etc/apt/apt.conf.d/docker-clean`), and `apt-lists-not-cleaned` covers the clean-up elsewhere.',
      ].join('\n'),
    },
    sources: [{ tool: 'hadolint', id: 'DL3027', relation: 'same' }],
  },
  check({ model, report }) {
    for (const { stage, invocations } of runScripts(model, /\bapt\b/)) {
      for (const invocation of invocations) {
        if (invocation.name !== 'apt') continue;
        const verb = aptVerb(invocation);
        const value = verb?.value ?? '';
        const fixes: Fix[] = [];
        const equivalent = APT_GET_EQUIVALENT[value];
        if (verb && equivalent) {
          const edits = [replaceSpan(model, invocation.nameWord.start, invocation.nameWord.end, invocation.nameWord.raw.replace(/apt$/, 'apt-get'))];
          if (equivalent !== value) edits.push(replaceSpan(model, verb.start, verb.end, equivalent));
          fixes.push({ title: equivalent === value ? 'Use apt-get' : `Use apt-get ${equivalent}`, safety: 'safe', edits });
        }
        const instead = APT_CACHE_VERBS.has(value) ? 'apt-cache' : 'apt-get';
        report({
          range: model.lines.rangeOf(invocation.nameWord.start, verb?.end ?? invocation.nameWord.end),
          message: `\`apt${value ? ` ${value}` : ''}\` is meant for terminals; use \`${instead}${value && equivalent ? ` ${equivalent}` : value && instead === 'apt-cache' ? ` ${value}` : ''}\` in scripts`,
          stageIndex: stage.index,
          fixes,
        });
      }
    }
  },
});
