// secret-in-env-or-arg: an ARG default or ENV value under a secret-looking name ends up in the
// image (ENV in its config, ARG in the history of every RUN that sees it).
import type { Instruction, Word } from '../model/types';
import { defineRule } from '../rule';

/** BuildKit's list (dockerfile2llb/validations.go): a name part equal to one of these is a secret… */
const SECRET_PARTS = new Set(['apikey', 'auth', 'credential', 'credentials', 'key', 'password', 'pword', 'passwd', 'secret', 'token']);
/**
 * …unless another part says it is not the secret itself: `PUBLIC_KEY`, `TOKEN_FILE`, `KEY_VERSION`,
 * where a secret is kept (`SA_PASSWORD_PATH`, `SECRETS_DIR`), or a key's fingerprint.
 */
const ALLOWED_PARTS = new Set(['public', 'file', 'version', 'path', 'dir', 'fingerprint']);

/**
 * Whole `_`-separated parts only, so `KEYBOARD_LAYOUT` and `MONKEY` are not secrets. A `key` that
 * names a GnuPG key (`GPG_KEY`, a public key's fingerprint in the official images) or a key's id
 * (`AWS_ACCESS_KEY_ID`) does not count.
 */
function isSecretName(name: string): boolean {
  const parts = name.toLowerCase().split('_');
  if (parts.some((part) => ALLOWED_PARTS.has(part))) return false;
  return parts.some((part, i) => {
    if (!SECRET_PARTS.has(part)) return false;
    if (part !== 'key') return true;
    return !['gpg', 'pgp'].includes(parts[i - 1] ?? '') && parts[i + 1] !== 'id';
  });
}

interface Definition {
  name: string;
  /** Where the name is written. */
  start: number;
  /** Unquoted value, or null when none is given (`ARG TOKEN`). */
  value: string | null;
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/s, '$2');
}

/** `ENV A=1 B=2`, legacy `ENV A 1`, `ARG A`, `ARG A=1`. */
function definitions(instruction: Instruction): Definition[] {
  const args: Word[] = instruction.args;
  if (instruction.keyword === 'ENV' && args.length >= 2 && !args[0].value.includes('=')) {
    return [{ name: args[0].value, start: args[0].start, value: args.slice(1).map((word) => word.value).join(' ') }];
  }
  return args.map((word) => {
    const eq = word.value.indexOf('=');
    return eq < 0
      ? { name: word.value, start: word.start, value: null }
      : { name: word.value.slice(0, eq), start: word.start, value: unquote(word.value.slice(eq + 1)) };
  });
}

export default defineRule({
  meta: {
    id: 'secret-in-env-or-arg',
    title: 'Secret in ENV or ARG',
    category: 'security',
    defaultSeverity: 'error',
    fixAvailability: 'never',
    summary: 'Do not put secrets in ENV values or ARG defaults: they stay readable in the image; use a BuildKit secret mount.',
    docs: {
      why: 'An `ENV` value is stored in the image configuration: anyone who can pull the image reads it with `docker inspect`, in every layer and every image built FROM it. An `ARG` default is recorded in the image history of every RUN that uses it (`docker history`), and it is written in the Dockerfile, so in your repository. Neither is a place for a password, token or key.\n\nReported for `ENV` and `ARG` names with a part (split on `_`) equal to one of BuildKit\'s words: `apikey`, `auth`, `credential(s)`, `key`, `password`, `pword`, `passwd`, `secret`, `token` — so `API_KEY`, `GITHUB_TOKEN` and `DB_PASSWORD` are, but `KEYBOARD_LAYOUT` and `MONKEY` are not, nor names with a part `public`, `file`, `path`, `dir`, `version` or `fingerprint` (`PUBLIC_KEY`, `TOKEN_FILE`, `SA_PASSWORD_PATH`, `GPG_KEY_FINGERPRINT`), nor a `key` that is a GnuPG key (`GPG_KEY`, `PGP_KEY`: the official images set it to a public key\'s fingerprint) or a key id (`*_KEY_ID`). Only when a value is given: an `ARG` with a literal default, an `ENV` with any value (an `ENV TOKEN=$TOKEN` copies a build argument into the image config). BuildKit\'s SecretsUsedInArgOrEnv also warns on an `ARG` without a default; we do not, because the value then comes from the build command.\n\nUse instead a BuildKit secret mount, which exposes the secret to one RUN as a file (or, with `env=`, a variable) and never stores it: `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci`, built with `docker build --secret id=npm_token,env=NPM_TOKEN .`.',
      incorrect: 'FROM node:22-slim\nENV NPM_TOKEN=npm_5f3c0a1d\nRUN npm ci',
      correct: 'FROM node:22-slim\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci',
    },
    sources: [
      { tool: 'buildkit', id: 'SecretsUsedInArgOrEnv', relation: 'same' },
      { tool: 'hadolint', id: 'DL3064', relation: 'same' },
    ],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue;
      for (const definition of definitions(instruction)) {
        if (!definition.value || !isSecretName(definition.name)) continue;
        const fromVariable = definition.value.includes('$');
        if (fromVariable && instruction.keyword === 'ARG') continue;
        report({
          range: model.lines.rangeOf(definition.start, definition.start + definition.name.length),
          message: instruction.keyword === 'ARG'
            ? `\`ARG ${definition.name}\` has a secret default, kept in the Dockerfile and image history; use a secret mount`
            : fromVariable
              ? `\`ENV ${definition.name}\` copies a secret into the image config; use a BuildKit secret mount`
              : `\`ENV ${definition.name}\` stores a secret in the image config; use a BuildKit secret mount`,
          stageIndex: instruction.stageIndex >= 0 ? instruction.stageIndex : undefined,
        });
      }
    }
  },
});
