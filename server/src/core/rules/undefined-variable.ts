// undefined-variable: `$VAR` in an instruction the builder expands (COPY, ENV, WORKDIR...) with no
// ARG or ENV defining it: the builder substitutes an empty string without a word.
import type { DockerfileModel, Instruction, Stage } from '../model/types';
import { imageFactsOf } from '../data/images';
import { stageChain } from '../model/stages';
import { defineRule } from '../rule';
import { editDistance } from './copy-from-unknown-stage';

/** Instructions whose arguments the builder expands (RUN, CMD and ENTRYPOINT are left to the shell). */
const EXPANDED = new Set(['ENV', 'ARG', 'ADD', 'COPY', 'WORKDIR', 'USER', 'EXPOSE', 'LABEL', 'VOLUME', 'STOPSIGNAL']);

/** Set automatically in the global scope (FROM lines); inside a stage only after `ARG NAME`. */
const AUTOMATIC_ARGS = new Set([
  'BUILDPLATFORM', 'BUILDOS', 'BUILDOSVERSION', 'BUILDARCH', 'BUILDVARIANT',
  'TARGETPLATFORM', 'TARGETOS', 'TARGETOSVERSION', 'TARGETARCH', 'TARGETVARIANT', 'TARGETSTAGE',
  'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY',
  'http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'all_proxy',
]);

/**
 * Variables that official and common base images set with ENV, which a Dockerfile may use without
 * defining them (`ENV PATH=$JAVA_HOME/bin:$PATH`). The builder reads them from the image config.
 */
const BASE_IMAGE_ENV = new Set([
  'PATH', 'HOME', 'HOSTNAME', 'LANG', 'LANGUAGE', 'LC_ALL', 'TERM', 'TZ', 'SSL_CERT_FILE', 'LD_LIBRARY_PATH',
  'PYTHON_VERSION', 'PYTHON_SHA256', 'PYTHON_PIP_VERSION', 'PYTHON_SETUPTOOLS_VERSION', 'PYTHON_GET_PIP_URL', 'PYTHON_GET_PIP_SHA256', 'GPG_KEY',
  'NODE_VERSION', 'YARN_VERSION',
  'JAVA_HOME', 'JAVA_VERSION', 'JDK_VERSION', 'JRE_VERSION', 'MAVEN_HOME', 'MAVEN_CONFIG', 'GRADLE_HOME', 'GRADLE_VERSION',
  'GOLANG_VERSION', 'GOPATH', 'GOTOOLCHAIN',
  'RUSTUP_HOME', 'CARGO_HOME', 'RUST_VERSION',
  'RUBY_VERSION', 'RUBY_MAJOR', 'RUBY_DOWNLOAD_SHA256', 'GEM_HOME', 'BUNDLE_APP_CONFIG', 'BUNDLE_SILENCE_ROOT_WARNING',
  'PHP_VERSION', 'PHP_INI_DIR', 'PHP_CFLAGS', 'PHP_CPPFLAGS', 'PHP_LDFLAGS', 'PHPIZE_DEPS',
  'NGINX_VERSION', 'NJS_VERSION', 'PKG_RELEASE', 'HTTPD_PREFIX', 'HTTPD_VERSION', 'CATALINA_HOME', 'TOMCAT_VERSION',
  'DOTNET_VERSION', 'ASPNET_VERSION', 'DOTNET_SDK_VERSION', 'ASPNETCORE_URLS', 'ASPNETCORE_HTTP_PORTS', 'DOTNET_RUNNING_IN_CONTAINER', 'APP_UID',
  'PG_MAJOR', 'PG_VERSION', 'PGDATA', 'MYSQL_MAJOR', 'MYSQL_VERSION', 'REDIS_VERSION', 'OTP_VERSION', 'ELIXIR_VERSION',
]);

export interface VariableUse {
  name: string;
  start: number;
  end: number;
}

/**
 * `$NAME` and `${NAME…}` in `text[start, end)` as the builder's lexer finds them: not after the escape
 * character, not inside single quotes. `${NAME:-x}`, `${NAME-x}`, `${NAME:+x}`, `${NAME+x}` and
 * `${NAME:?x}` say what happens when NAME is unset, so NAME is not reported (the word inside still is).
 */
export function variableUses(text: string, segments: [number, number][], escapeChar: string): VariableUse[] {
  const uses: VariableUse[] = [];
  let singleQuoted = false;
  let doubleQuoted = false;
  for (const [start, end] of segments) {
    for (let i = start; i < end; i++) {
      const char = text[i];
      if (char === escapeChar && !singleQuoted) {
        i++;
        continue;
      }
      if (char === "'" && !doubleQuoted) singleQuoted = !singleQuoted;
      else if (char === '"' && !singleQuoted) doubleQuoted = !doubleQuoted;
      if (char !== '$' || singleQuoted) continue;
      const braced = /^\{([A-Za-z_][A-Za-z0-9_]*)(:?[-+?])?/.exec(text.slice(i + 1, Math.min(end, i + 200)));
      if (braced) {
        if (!braced[2]) uses.push({ name: braced[1], start: i, end: i + 2 + braced[1].length + (text[i + 2 + braced[1].length] === '}' ? 1 : 0) });
        i += 1 + braced[0].length;
        continue;
      }
      const plain = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1, Math.min(end, i + 200)));
      if (plain) {
        uses.push({ name: plain[0], start: i, end: i + 1 + plain[0].length });
        i += plain[0].length;
      }
    }
  }
  return uses;
}

/** The instruction's argument lines (and `--chown`/`--chmod`/`--platform` flags), skipping comment lines and heredoc bodies. */
function expandedSegments(model: DockerfileModel, instruction: Instruction): [number, number][] {
  const segments: [number, number][] = [];
  for (const flag of instruction.flags) {
    if (['chown', 'chmod', 'platform'].includes(flag.name)) segments.push([model.lines.offsetAt(flag.range.start), model.lines.offsetAt(flag.range.end)]);
  }
  const end = instruction.heredocs.length > 0 ? Math.min(instruction.end, instruction.heredocs[0].contentStart) : instruction.end;
  let lineStart = instruction.argsStart;
  while (lineStart < end) {
    const newline = model.text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 || newline >= end ? end : newline;
    if (lineStart === instruction.argsStart || !model.text.slice(lineStart, lineEnd).trimStart().startsWith('#')) segments.push([lineStart, lineEnd]);
    lineStart = lineEnd + 1;
  }
  return segments;
}

/** Names an ARG or ENV instruction defines. */
function definedNames(instruction: Instruction): string[] {
  const words = instruction.args.map((word) => word.value);
  if (instruction.keyword === 'ENV' && words.length >= 2 && !words[0].includes('=')) return [words[0]];
  return words.filter((word) => /^[A-Za-z_][A-Za-z0-9_]*(=|$)/.test(word) && (instruction.keyword === 'ARG' || word.includes('='))).map((word) => word.split('=')[0]);
}

const NONE: ReadonlySet<string> = new Set();

function suggestion(name: string, known: Iterable<string>): string {
  for (const candidate of known) {
    if (candidate !== name && editDistance(candidate.toLowerCase(), name.toLowerCase()) <= (name.length >= 4 ? 2 : 1)) return ` (did you mean \`$${candidate}\`?)`;
  }
  return '';
}

export default defineRule({
  meta: {
    id: 'undefined-variable',
    title: 'Undefined variable',
    category: 'correctness',
    defaultSeverity: 'warning',
    fixAvailability: 'never',
    summary: 'Define every `$VARIABLE` used outside `RUN` with an earlier `ARG` or `ENV`: the builder replaces an undefined one with nothing.',
    docs: {
      why: [
        'The builder expands `$NAME` and `${NAME}` itself in `FROM`, `COPY`, `ADD`, `ENV`, `ARG`, `LABEL`, `WORKDIR`, `USER`, `EXPOSE`, `VOLUME` and `STOPSIGNAL`. A variable that is not defined becomes an empty string, silently: `COPY app-$VERSION.jar /app.jar` looks for `app-.jar`, `WORKDIR $APP_HOME` lands in `/`, and `ENV PATH=$PAHT:/app/bin` (a typo) throws the `PATH` away.',
        '',
        'Two scoping rules catch people out. A global `ARG` (before the first `FROM`) is only visible to `FROM` lines; inside a stage it must be declared again with `ARG NAME` (no value needed). The automatic platform arguments (`TARGETARCH`, `TARGETPLATFORM`, `BUILDPLATFORM`…) likewise need `ARG TARGETARCH` in the stage before use. Both cases get their own message. A variable used in the same `ENV` instruction that sets it (`ENV A=1 B=$A`) is left to `env-self-reference`.',
        '',
        'Variables defined by `ARG` or `ENV` earlier in the stage or in the stages it is built FROM count as defined, as do the variables common base images set (`PATH`, `JAVA_HOME`, `PYTHON_VERSION`, `GOPATH`…; add your own with the `knownVariables` option).\n\nWhen the stage is built on an image Layerwise does not know (not an official language or OS image, distroless or Chainguard in its table, nor `scratch`: `selenium/base`, a company base image, `FROM ${BASE}`), that image\'s `ENV` is invisible to us, while the builder reads it from the image config. An undefined variable there is only reported when it looks like a typo of a name the Dockerfile defines (a `did you mean` suggestion), and the message says it expands to nothing unless the image sets it; other names are assumed to come from the image. A global `ARG` used in a stage without `ARG NAME` is still reported on any base. `${NAME:-default}` and the other forms that say what to do when `NAME` is unset are not reported. `RUN`, `CMD` and `ENTRYPOINT` are left alone: their variables are expanded by the shell at run time, where the image\'s full environment exists. `ONBUILD` triggers are expanded in the downstream build, so they are not checked either.',
      ].join('\n'),
      incorrect: 'ARG VERSION=1.4.2\nFROM eclipse-temurin:21-jre\nCOPY app-$VERSION.jar /app.jar',
      correct: 'ARG VERSION=1.4.2\nFROM eclipse-temurin:21-jre\nARG VERSION\nCOPY app-$VERSION.jar /app.jar',
    },
    sources: [
      { tool: 'buildkit', id: 'UndefinedVar', relation: 'same' },
      { tool: 'buildkit', id: 'UndefinedArgInFrom', relation: 'same' },
    ],
    options: {
      knownVariables: {
        type: 'string[]',
        default: [],
        description: 'Variables your base images set with ENV, which the Dockerfile may use without defining them.',
      },
    },
  },
  check({ model, report, options }) {
    const known = new Set([...BASE_IMAGE_ENV, ...((options.knownVariables as string[] | undefined) ?? [])]);
    const globals = new Set(model.globalArgs.keys());
    /** The stage's base image when it is neither scratch nor in the image table: its ENV is unknown. */
    const unknownBase = (stage: Stage): string | null => {
      const root = stageChain(model, stage).pop()!;
      if (root.isScratch) return null;
      const reference = root.image?.resolved ?? null;
      if (reference !== null && imageFactsOf(reference) !== null) return null;
      return reference ?? root.from.args[0]?.value ?? 'the base image';
    };
    const definedAtEnd = new Map<number, Set<string>>();

    /** `ownNames`: what the instruction itself defines, for an ENV. */
    const checkUses = (instruction: Instruction, stage: Stage | null, defined: ReadonlySet<string>, ownNames: ReadonlySet<string> = NONE): void => {
      const uses = variableUses(model.text, expandedSegments(model, instruction), model.escapeChar);
      if (uses.length === 0) return;
      const reported = new Set<string>();
      for (const use of uses) {
        if (defined.has(use.name) || known.has(use.name) || reported.has(use.name)) continue;
        // `ENV A=1 B=$A` is env-self-reference's finding (hadolint DL3044): report it once, there.
        if (ownNames.has(use.name)) continue;
        reported.add(use.name);
        let message: string;
        if (stage === null) {
          message = `\`$${use.name}\` in \`FROM\` needs a global \`ARG ${use.name}\` before the first \`FROM\`${suggestion(use.name, defined)}`;
        } else if (globals.has(use.name) || AUTOMATIC_ARGS.has(use.name)) {
          const kind = globals.has(use.name) ? 'a global ARG' : 'a predefined ARG';
          message = `\`$${use.name}\` is ${kind}, empty inside a stage until \`ARG ${use.name}\` declares it there`;
        } else {
          const hint = suggestion(use.name, [...defined, ...known]);
          const base = unknownBase(stage);
          if (base === null) {
            message = `\`$${use.name}\` is not defined by an earlier \`ARG\` or \`ENV\` and expands to nothing${hint}`;
          } else if (suggestion(use.name, defined)) {
            // Near a name this Dockerfile defines: a typo, whatever the image sets.
            message = `\`$${use.name}\` is not defined by an earlier \`ARG\` or \`ENV\`; it expands to nothing unless \`${base}\` sets it${hint}`;
          } else {
            // We cannot see that image's ENV (BuildKit can): only a likely typo is worth a finding.
            continue;
          }
        }
        report({ range: model.lines.rangeOf(use.start, use.end), message, stageIndex: stage?.index ?? instruction.stageIndex });
      }
    };

    // FROM lines see the global and automatic ARGs only (read, never extended).
    const fromScope = new Set([...globals, ...AUTOMATIC_ARGS]);
    for (const stage of model.stages) {
      checkUses(stage.from, null, fromScope);
      const defined = new Set(stage.baseStage !== null ? definedAtEnd.get(stage.baseStage) ?? [] : []);
      for (const instruction of stage.instructions) {
        if (!EXPANDED.has(instruction.keyword)) continue;
        if (instruction.keyword === 'ARG') {
          // Each ARG word sees the ones before it; an ARG without a value takes the global one.
          for (const word of instruction.args) {
            const eq = word.value.indexOf('=');
            if (eq > 0) checkUses({ ...instruction, flags: [], argsStart: word.start, end: word.end, heredocs: [] }, stage, defined);
            const name = eq < 0 ? word.value : word.value.slice(0, eq);
            if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) defined.add(name);
          }
          continue;
        }
        if (instruction.keyword !== 'ENV') {
          checkUses(instruction, stage, defined);
          continue;
        }
        const names = definedNames(instruction);
        checkUses(instruction, stage, defined, new Set(names));
        for (const name of names) defined.add(name);
      }
      definedAtEnd.set(stage.index, defined);
    }
  },
});
