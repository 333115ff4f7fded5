// Input generators for the fuzz tests: arbitrary text, token soup, grammar-shaped Dockerfiles
// (every instruction, flags, continuations, heredocs, escape directives, CRLF, BOM, tabs,
// astral characters, very long lines, nested `$(...)` and quotes) and mutations of real files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { exampleDockerfiles } from '../helpers/examples';

/** Seed examples and rule fixtures: the files the mutations start from. */
export function seedFiles(root: string): { name: string; text: string }[] {
  const files = exampleDockerfiles().map(({ name, text }) => ({ name: `examples/${name}/Dockerfile`, text }));
  const walk = (dir: string, relative: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, `${relative}/${name}`);
      else if (name.endsWith('.Dockerfile') || name === 'Dockerfile') files.push({ name: `${relative}/${name}`, text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(root, 'test', 'fixtures', 'rules'), 'test/fixtures/rules');
  walk(join(root, 'test', 'fixtures', 'transforms'), 'test/fixtures/transforms');
  return files;
}

// ---------------------------------------------------------------------------------------------
// Unstructured text

/** Characters that mean something to the Dockerfile or shell grammar, plus awkward Unicode. */
const SPECIAL_CHARACTERS = [
  ' ', '\t', '\n', '\r\n', '\r', '\\', '`', '#', '$', '{', '}', '(', ')', '[', ']', '"', "'", '<<', '<<-', '=', ':', '@', '/', '-', '--',
  '&&', '||', '|', ';', '&', '*', '?', ',', '%', '!', '~', '\uFEFF', '\u00A0', '\u2028', 'é', '漢', '😀', '\uD83D', '\uDE00', '\u200B', '\0',
];

const TOKENS = [
  ...SPECIAL_CHARACTERS, 'FROM', 'from', 'RUN', 'CMD', 'ENTRYPOINT', 'COPY', 'ADD', 'ENV', 'ARG', 'LABEL', 'EXPOSE', 'USER', 'WORKDIR',
  'VOLUME', 'HEALTHCHECK', 'SHELL', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER', 'AS', 'NONE', '--mount=type=cache,target=/root/.cache', '--from=',
  '--platform=$BUILDPLATFORM', '--chown=1000:1000', '--link', 'alpine', 'ubuntu:22.04', 'python:3.12', 'node:22-slim', 'scratch', '${VERSION}',
  '$HOME', 'apt-get', 'update', 'install', '-y', 'apk', 'add', 'pip', 'npm', 'ci', 'curl', 'sh', 'sudo', 'cd', 'set -e', 'rm -rf',
  'EOF', '<<EOF\n', '\nEOF\n', '# escape=`\n', '# escape=\\\n', '# syntax=docker/dockerfile:1\n', '# layerwise-ignore ', '# hadolint ignore=DL3008',
  '$(', '`', '"$(', '["', '", "', '"]', '0', '8080', '/app', '.', 'root', 'nonroot',
];

/** Any string, any code point (lone surrogates included). */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: fc.constantFrom(...SPECIAL_CHARACTERS), maxLength: 200 }),
);

/** Dockerfile and shell tokens glued without a grammar: reaches the parsers' odd corners. */
export const tokenSoup: fc.Arbitrary<string> = fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }).map((tokens) => tokens.join(''));

// ---------------------------------------------------------------------------------------------
// Grammar-shaped Dockerfiles

const word = fc.constantFrom('a', 'app', 'x-y', 'pkg1', 'é', '漢字', '😀', '$X', '${X:-d}', '"q w"', "'s q'", '*.txt', '/usr/local/bin', '');
const image = fc.constantFrom(
  'alpine', 'alpine:3.22', 'ubuntu:22.04', 'debian:bookworm', 'python:3.12', 'python:3.12-alpine', 'node:22', 'node:20-slim', 'golang:1.23',
  'rust:1.80', 'maven:3-eclipse-temurin-21', 'eclipse-temurin:21-jre', 'mcr.microsoft.com/dotnet/sdk:8.0', 'gcc:14', 'scratch', 'busybox:latest',
  'gcr.io/distroless/static-debian12', 'gcr.io/distroless/python3-debian13:nonroot', 'cgr.dev/chainguard/python:latest', 'registry:5000/team/app@sha256:' + 'a'.repeat(64),
  '${BASE}', '$BASE:${TAG:-latest}', 'build', 'ALPINE', 'ubuntu:', ':tag', '@sha256:', 'a/b/c/d:e',
);
const command: fc.Arbitrary<string> = fc.constantFrom<string>(
  'apt-get update', 'apt-get install -y curl ca-certificates', 'apt-get install curl', 'apt install -y git', 'rm -rf /var/lib/apt/lists/*',
  'apk add curl', 'apk add --no-cache git', 'apk update', 'pip install flask', 'pip3 install --no-cache-dir -r requirements.txt', 'python -m pip install .',
  'npm ci', 'npm install', 'npm ci --only=production', 'npm cache clean --force', 'yarn install', 'yum install -y httpd', 'dnf install -y make', 'zypper install -y gcc',
  'yum clean all', 'go build -o /app ./...', 'cargo build --release', 'mvn -B package', 'gradle build', 'dotnet publish -c Release -o /out', 'make', 'gcc -o app main.c',
  'curl -fsSL https://example.com/install.sh | sh', 'wget -qO- https://x | bash', 'wget https://x/f.tgz', 'cd /src', 'cd ..', 'set -e', 'set -o pipefail', 'sudo make install',
  'useradd -m app', 'adduser -D app', 'ln -s /bin/bash /bin/sh', 'echo "$(date)"', 'export A=1', 'A=1 B=2 env', 'true', 'exit 1', 'chmod +x /app', 'mkdir -p /app',
  'gem install rails', 'go install example.com/tool@latest', 'apt-get upgrade -y', 'zypper dist-upgrade', 'source /etc/profile', 'sleep 1 &', 'for i in 1 2; do echo $i; done',
  'if [ -f x ]; then echo y; fi', 'f() { echo f; }', 'case $A in a) echo a;; esac', '{ echo grouped; }', '( cd /tmp && ls )', 'echo "unterminated', "echo 'half", '$(', 'echo )',
);
const operator = fc.constantFrom(' && ', ' || ', '; ', ' | ', ' & ', ' && \\\n    ', ' \\\n  && ', ';\\\n', ' \\\n\t|| ', ' \\\n# comment in continuation\n  && ', ' \\\n\n  && ', ' \\ \n  && ');

/** `$(...)`, backticks and quotes nested `depth` deep around a command. */
const nested: fc.Arbitrary<string> = fc.tuple(command, fc.array(fc.constantFrom('$(x)', '"x"', "'x'", '`x`', '${x}', '"$(x)"', '$((1+x))', '<(x)'), { maxLength: 40 })).map(([inner, wrappers]) => {
  let result = inner;
  for (const wrapper of wrappers) result = wrapper.replace('x', result);
  return `echo ${result}`;
});

const script: fc.Arbitrary<string> = fc.tuple(fc.array(fc.oneof({ weight: 5, arbitrary: command }, { weight: 1, arbitrary: nested }), { minLength: 1, maxLength: 6 }), fc.array(operator, { minLength: 6, maxLength: 6 }))
  .map(([commands, operators]) => commands.map((text, index) => (index === 0 ? text : operators[index - 1] + text)).join(''));

const runFlags = fc.subarray(['--mount=type=cache,target=/var/cache/apt', '--mount=type=secret,id=npm', '--network=none', '--security=insecure', '--mount=type=bind,source=.,target=/src', '--unknown=1', '--mount']);

const heredoc: fc.Arbitrary<string> = fc.tuple(fc.constantFrom('EOF', 'SCRIPT', '"EOF"', "'EOF'", '-EOF'), script, fc.boolean()).map(([name, body, terminated]) => {
  const end = name.replace(/^-|["']/g, '');
  return `<<${name}\n${body}\n${terminated ? end : ''}`;
});

const jsonArray = fc.array(word, { maxLength: 4 }).map((words) => JSON.stringify(words.map((w) => w.replace(/^"|"$/g, ''))));
const brokenJson = fc.constantFrom("['app', 'run']", '["app", run]', '["unterminated', '[]', '[ "a" , "b" ]', '["a\\"b"]', '["\\u00e9"]');

const instruction: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('', '--platform=linux/amd64 ', '--platform=$BUILDPLATFORM ', '--platform '), image, fc.constantFrom('', ' AS build', ' as Runtime', ' AS', ' AS a b', ' AS base')).map(([flag, ref, alias]) => `FROM ${flag}${ref}${alias}`),
  fc.tuple(runFlags, fc.oneof(script, heredoc, jsonArray, brokenJson)).map(([flags, body]) => `RUN ${flags.map((flag) => `${flag} `).join('')}${body}`),
  fc.tuple(fc.constantFrom('CMD', 'ENTRYPOINT'), fc.oneof(jsonArray, brokenJson, script)).map(([keyword, body]) => `${keyword} ${body}`),
  fc.tuple(fc.constantFrom('COPY', 'ADD'), fc.subarray(['--from=build', '--from=0', '--chown=app:app', '--chmod=755', '--link', '--checksum=sha256:abc', '--keep-git-dir=true']), fc.array(word, { minLength: 0, maxLength: 3 }), fc.constantFrom('.', './', '/app/', '/app', '/root/', 'dest', '~', 'https://example.com/x.tgz'))
    .map(([keyword, flags, sources, dest]) => [keyword, ...flags, ...sources, dest].join(' ')),
  fc.tuple(fc.constantFrom('ENV', 'ARG', 'LABEL'), fc.array(fc.tuple(fc.constantFrom('A', 'PATH', 'SECRET_KEY', 'API_TOKEN', 'org.opencontainers.image.version', 'x y', '', 'VERSION', 'BASE'), word), { maxLength: 3 }), fc.boolean())
    .map(([keyword, pairs, legacy]) => (legacy && pairs.length > 0 ? `${keyword} ${pairs[0][0]} ${pairs[0][1]}` : `${keyword} ${pairs.map(([key, value]) => `${key}=${value}`).join(' ')}`)),
  fc.tuple(fc.constantFrom('EXPOSE', 'USER', 'WORKDIR', 'VOLUME', 'STOPSIGNAL', 'MAINTAINER'), fc.constantFrom('80', '8080/tcp', '80/TCP', '3000-3005', '127.0.0.1:80:80', '99999', 'root', '0', 'app:app', '1000', 'relative', '/app', '["/data"]', 'SIGTERM', 'x <x@y.z>', '$PORT', '')).map(([keyword, value]) => `${keyword} ${value}`),
  fc.tuple(fc.constantFrom('HEALTHCHECK NONE', 'HEALTHCHECK CMD', 'HEALTHCHECK --interval=30s --timeout=3s CMD', 'HEALTHCHECK --retries=x CMD'), fc.oneof(script, jsonArray)).map(([head, body]) => `${head} ${body}`),
  fc.constantFrom('SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'SHELL ["pwsh", "-Command"]', 'SHELL /bin/sh', 'ONBUILD RUN make', 'ONBUILD ONBUILD RUN x', 'ONBUILD FROM x', 'ONBUILD', 'BOGUS instruction', 'run lower case', 'From alpine', 'RUN', 'COPY', 'ENV'),
);

const comment = fc.constantFrom('# a comment', '#', '# layerwise-ignore apk-no-cache', '# layerwise-ignore-file consecutive-run', '# hadolint ignore=DL3018,DL3008', '# hadolint global ignore=DL3006', '  # indented comment');
const directive = fc.constantFrom('# escape=`', '# escape=\\', '# syntax=docker/dockerfile:1', '# check=skip=JSONArgsRecommended', '#escape=`', '# escape=x', '# directive=unknown');

export interface Shape {
  directives: string[];
  lines: string[];
  eol: '\n' | '\r\n' | 'mixed';
  bom: boolean;
  tabs: boolean;
  finalNewline: boolean;
}

/** Joins the parts; with a backtick escape directive, backslash continuations become backticks. */
export function renderShape(shape: Shape): string {
  const escape = shape.directives.find((line) => /^#\s*escape\s*=/.test(line));
  let body = [...shape.directives, ...shape.lines].join('\n') + (shape.finalNewline ? '\n' : '');
  if (escape?.endsWith('`')) body = body.replace(/\\\n/g, '`\n');
  if (shape.tabs) body = body.replace(/\n {2,4}/g, '\n\t');
  if (shape.eol === '\r\n') body = body.replace(/\n/g, '\r\n');
  else if (shape.eol === 'mixed') body = body.replace(/\n/g, (_, offset: number) => (offset % 3 === 0 ? '\r\n' : '\n'));
  return (shape.bom ? '\uFEFF' : '') + body;
}

export const dockerfile: fc.Arbitrary<string> = fc.record({
  directives: fc.subarray(['# syntax=docker/dockerfile:1']).chain((base) => fc.array(directive, { maxLength: 2 }).map((extra) => [...base, ...extra])),
  lines: fc.array(fc.oneof({ weight: 8, arbitrary: instruction }, { weight: 1, arbitrary: comment }, { weight: 1, arbitrary: fc.constantFrom('', '   ', '\t') }), { minLength: 1, maxLength: 25 }),
  eol: fc.constantFrom('\n' as const, '\r\n' as const, 'mixed' as const),
  bom: fc.boolean(),
  tabs: fc.boolean(),
  finalNewline: fc.boolean(),
}).map(renderShape);

/** A file whose first line is FROM, so that the rules for stages and RUN scripts get to work. */
export const dockerfileWithBase: fc.Arbitrary<string> = fc.tuple(image, dockerfile).map(([ref, text]) => `FROM ${ref}\n${text}`);

// ---------------------------------------------------------------------------------------------
// Mutations of real files

type Mutation = (lines: string[], random: number, insert: string) => void;

const MUTATIONS: Mutation[] = [
  (lines, r) => void lines.splice(r % Math.max(1, lines.length), 1), // delete a line
  (lines, r) => void lines.splice(r % Math.max(1, lines.length), 0, lines[r % Math.max(1, lines.length)] ?? ''), // duplicate a line
  (lines, r) => {
    // split a line at some column
    const index = r % Math.max(1, lines.length);
    const line = lines[index] ?? '';
    const at = r % (line.length + 1);
    lines.splice(index, 1, line.slice(0, at), line.slice(at));
  },
  (lines, r, insert) => {
    // insert characters somewhere
    const index = r % Math.max(1, lines.length);
    const line = lines[index] ?? '';
    const at = (r >> 3) % (line.length + 1);
    lines[index] = line.slice(0, at) + insert + line.slice(at);
  },
  (lines, r) => {
    // join a line with the next one
    const index = r % Math.max(1, lines.length);
    if (index + 1 < lines.length) lines.splice(index, 2, `${lines[index]} ${lines[index + 1]}`);
  },
  (lines, r) => {
    // swap two lines
    const a = r % Math.max(1, lines.length);
    const b = (r >> 4) % Math.max(1, lines.length);
    [lines[a], lines[b]] = [lines[b], lines[a]];
  },
  (lines, r) => {
    // truncate the file, as an editor shows a half-typed one
    lines.length = Math.min(lines.length, r % (lines.length + 1));
  },
];

const insertion = fc.oneof(fc.constantFrom(...SPECIAL_CHARACTERS, ' \\', '\\\n', '`\n', '<<EOF', '$(', '"', "'", '\n# escape=`\n', '\nRUN ', '\nFROM scratch\n'), fc.string({ unit: 'binary', maxLength: 4 }));

export function mutated(files: readonly { name: string; text: string }[]): fc.Arbitrary<{ name: string; text: string }> {
  return fc.tuple(
    fc.nat({ max: files.length - 1 }),
    fc.array(fc.tuple(fc.nat({ max: MUTATIONS.length - 1 }), fc.nat(), insertion), { minLength: 1, maxLength: 4 }),
    fc.constantFrom('\n', '\r\n'),
  ).map(([index, steps, eol]) => {
    const { name, text } = files[index];
    const lines = text.split('\n');
    for (const [mutation, random, insert] of steps) MUTATIONS[mutation](lines, random, insert);
    return { name, text: lines.join('\n').replace(/\r?\n/g, eol) };
  });
}

// ---------------------------------------------------------------------------------------------
// Long inputs: repeated units that make backtracking regular expressions or quadratic loops show.

/** Places where a long line can sit: each goes through different rules and model code. */
export const LONG_LINE_CONTEXTS: ((unit: string) => string)[] = [
  (filler) => `FROM alpine:3.22\nRUN ${filler}\n`,
  (filler) => `FROM alpine:3.22\nRUN echo "${filler}"\n`,
  (filler) => `FROM alpine:3.22\nRUN apt-get install -y ${filler}\n`,
  (filler) => `FROM ${filler}\nRUN true\n`,
  (filler) => `FROM alpine:3.22\nENV A=${filler}\n`,
  (filler) => `FROM alpine:3.22\nLABEL a="${filler}"\n`,
  (filler) => `FROM alpine:3.22\nCOPY ${filler} /app/\n`,
  (filler) => `FROM alpine:3.22\nCMD ${filler}\n`,
  (filler) => `FROM alpine:3.22\nCMD ["${filler}"]\n`,
  (filler) => `FROM alpine:3.22\nEXPOSE ${filler}\n`,
  (filler) => `FROM alpine:3.22\nHEALTHCHECK CMD ${filler}\n`,
  (filler) => `ARG ${filler}\nFROM alpine:3.22\n`,
  (filler) => `# ${filler}\nFROM alpine:3.22\n`,
  (filler) => `FROM alpine:3.22\nUSER ${filler}\n`,
  (filler) => `FROM alpine:3.22\nRUN --mount=${filler} true\n`,
];

/** Units that stress regular expressions: runs of separators, quotes, escapes, `$`, spaces. */
export const PATHOLOGICAL_UNITS = [
  ' ', 'a', 'a ', '\t', '\\', '\\ ', '$', '${', '$(', '"', "'", '`', '=', 'a=', '--', '-', '/', ':', '@', ',', 'a,', '\\\n', ' \\\n', '#', '&& ', '|', '[', '"a",',
  'x:', 'a/', '.', '*', '-y ', 'apt-get ', 'install ', '${A:-', ' && true', 'é', '😀', '\uFEFF', '\r',
];
