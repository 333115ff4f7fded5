// Property and fuzz tests (fast-check) over the analysis core: arbitrary text, token soup,
// grammar-shaped Dockerfiles, mutations of the seed examples and rule fixtures, and long lines
// built to expose catastrophic regular expressions. The properties are in fuzz/properties.ts.
//
// `npm test` runs a bounded number of inputs. `npm run fuzz` (scripts/fuzz.mjs) runs longer:
// FUZZ_SECONDS gives each property a time budget, FUZZ_RUNS a number of inputs, FUZZ_SEED
// replays a failure that fast-check reported.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { ShellParser } from '../server/src/core/index';
import { analyze, applyEdits, RULES, type Rule } from '../server/src/core/index';
import { convertToMultiStage } from '../server/src/core/transforms/multi-stage';
import { addDebugStage } from '../server/src/core/transforms/swap-base';
import { buildModel } from '../server/src/core/model/build';
import type { DockerfileModel } from '../server/src/core/model/types';
import { anyText, dockerfile, dockerfileWithBase, LONG_LINE_CONTEXTS, mutated, PATHOLOGICAL_UNITS, seedFiles, tokenSoup } from './fuzz/generators';
import { budgetFor, checkAll, checkAnalysis, checkEachFix, checkFixAll, timedAnalysis } from './fuzz/properties';
import { REPO_ROOT, testShellParser } from './helpers/shell';

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 0);
const RUNS = Number(process.env.FUZZ_RUNS ?? 0);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** `runs` inputs in `npm test`; with a fuzz budget, as many as fit (or FUZZ_RUNS). */
function parameters(runs: number): fc.Parameters<unknown> {
  if (SECONDS > 0) return { numRuns: RUNS > 0 ? RUNS : Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false, seed: SEED };
  return { numRuns: RUNS > 0 ? RUNS : runs, seed: SEED };
}

/** Counts inputs per property so the fuzz script can report them. */
const counts = new Map<string, number>();
function counted<T>(name: string, check: (value: T) => void): (value: T) => void {
  return (value) => {
    counts.set(name, (counts.get(name) ?? 0) + 1);
    check(value);
  };
}

let shell: ShellParser;
const seeds = seedFiles(REPO_ROOT);

before(async () => {
  shell = await testShellParser();
});

process.on('exit', () => {
  if (SECONDS > 0 || RUNS > 0) console.log(`fuzz inputs: ${[...counts].map(([name, count]) => `${name} ${count}`).join(', ')}`);
});

describe('fuzz: analysis of any text', () => {
  it('never throws, never fails a rule, stays in budget and keeps ranges inside the document (arbitrary strings)', () => {
    fc.assert(fc.property(anyText, counted('arbitrary strings', (text: string) => {
      const analysis = checkAnalysis(text, shell);
      checkEachFix(text, analysis, shell);
    })), parameters(300));
  });

  it('holds for Dockerfile and shell tokens glued at random', () => {
    fc.assert(fc.property(tokenSoup, counted('token soup', (text: string) => {
      const analysis = checkAnalysis(text, shell);
      checkEachFix(text, analysis, shell);
      checkFixAll(text, shell);
    })), parameters(150));
  });
});

describe('fuzz: grammar-shaped Dockerfiles', () => {
  it('analysis, every fix, fix-all and every transformation hold their properties', () => {
    fc.assert(fc.property(fc.oneof(dockerfile, dockerfileWithBase), counted('grammar-shaped', (text: string) => checkAll(text, shell))), parameters(50));
  });
});

describe('fuzz: mutations of the examples and rule fixtures', () => {
  it(`covers ${seeds.length} files; analysis, fixes and transformations hold their properties`, () => {
    assert.ok(seeds.length > 50, 'the seed files were found');
    fc.assert(fc.property(mutated(seeds), counted('mutations', ({ text }: { name: string; text: string }) => checkAll(text, shell))), parameters(100));
  });

  it('the unmutated files hold them too (transformations: the examples)', () => {
    if (SECONDS > 0) return; // Covered once by `npm test`; a fuzz run spends its budget on new inputs.
    for (const { name, text } of seeds) {
      try {
        // The rule fixtures' own fixes are checked by test/rules.test.ts; here every rule's fixes.
        if (name.startsWith('examples/')) checkAll(text, shell);
        else checkEachFix(text, checkAnalysis(text, shell), shell);
      } catch (error) {
        throw new Error(`${name}: ${(error as Error).message}`);
      }
    }
  });
});

describe('fuzz: long inputs', () => {
  // One long line: linear work takes milliseconds; a quadratic regular expression or loop over it
  // takes seconds and fails the budget. `npm test` tries each unit in 2 of the places at 24 KB,
  // a fuzz run every unit in every place at 64 KB.
  const LONG = (SECONDS > 0 ? 64 : 24) * 1024;
  const PLACES_PER_UNIT = SECONDS > 0 ? LONG_LINE_CONTEXTS.length : 2;

  it(`analyses ${LONG / 1024} KB lines of every awkward unit in ${PLACES_PER_UNIT} of ${LONG_LINE_CONTEXTS.length} places within budget`, () => {
    const slowest = { ms: 0, what: '' };
    PATHOLOGICAL_UNITS.forEach((unit, unitIndex) => {
      const filler = unit.repeat(Math.ceil(LONG / unit.length));
      const places = Array.from({ length: PLACES_PER_UNIT }, (_, k) => (unitIndex + k * (PLACES_PER_UNIT === LONG_LINE_CONTEXTS.length ? 1 : 7)) % LONG_LINE_CONTEXTS.length);
      places.forEach((index) => {
        const context = LONG_LINE_CONTEXTS[index];
        const text = context(filler);
        const started = performance.now();
        try {
          timedAnalysis(text, shell);
        } catch (error) {
          throw new Error(`unit ${JSON.stringify(unit)} in context ${index} (${JSON.stringify(context('…'))}): ${(error as Error).message}`);
        }
        const ms = performance.now() - started;
        if (ms > slowest.ms) Object.assign(slowest, { ms, what: `${JSON.stringify(unit)} in ${JSON.stringify(context('…'))}` });
      });
    });
    assert.ok(slowest.ms <= budgetFor('x'.repeat(LONG)), `slowest: ${slowest.what}`);
  });

  it('analyses long lines of generated units within budget', () => {
    const unit = fc.string({ unit: fc.constantFrom(...PATHOLOGICAL_UNITS), minLength: 1, maxLength: 6 });
    fc.assert(fc.property(fc.tuple(unit, fc.nat({ max: LONG_LINE_CONTEXTS.length - 1 })), counted('long lines', ([text, index]: [string, number]) => {
      const filler = text.repeat(Math.ceil(16 * 1024 / text.length));
      checkAnalysis(LONG_LINE_CONTEXTS[index](filler), shell);
    })), parameters(40));
  });

  it('handles deep nesting of $(...), quotes and continuations', () => {
    for (const depth of [50, 300]) {
      let script = 'true';
      for (let level = 0; level < depth; level++) script = level % 3 === 0 ? `$(echo ${script})` : level % 3 === 1 ? `"${script}"` : `\`${script}\``;
      checkAll(`FROM alpine:3.22\nRUN echo ${script}\n`, shell);
      checkAll(`FROM alpine:3.22\nRUN ${'echo a && \\\n  '.repeat(depth)}true\n`, shell);
      checkAnalysis(`FROM alpine:3.22\n${'RUN apk add curl\n'.repeat(depth * 4)}`, shell);
    }
  });

  // Timing comparisons belong to deliberate runs (`npm run fuzz`, `npm run bench`), not to `npm test`,
  // where a busy CI machine would make them flaky.
  const timingChecks = SECONDS > 0 || RUNS > 0;
  const notRegistered = (_name: string, _body: () => void): void => undefined;
  (timingChecks ? it : notRegistered)('scales linearly with the number of instructions, rule by rule', () => {
    // 8× the instructions costs 8× the time in a linear rule and 64× in a quadratic one; the
    // threshold sits between the two with room for GC and a busy machine (the best of 5 runs).
    const block = 'RUN apt-get update && apt-get install -y curl\nCOPY . /app\nENV A=1 B=2\nRUN pip install flask\nRUN npm ci\n';
    const models = [100, 800].map((copies) => buildModel(`FROM python:3.12\n${block.repeat(copies)}`, shell));
    const check = (rule: Rule, model: DockerfileModel): number => {
      const options = Object.fromEntries(Object.entries(rule.meta.options ?? {}).map(([name, option]) => [name, option.default]));
      const started = performance.now();
      rule.check({ model, report: () => undefined, options, buildContext: {} });
      return performance.now() - started;
    };
    const quadratic: string[] = [];
    for (const rule of RULES) {
      check(rule, models[0]); // warm up; also parses the RUN scripts once
      check(rule, models[1]);
      const best = (model: DockerfileModel): number => Math.min(...Array.from({ length: 5 }, () => check(rule, model)));
      const small = best(models[0]);
      const large = best(models[1]);
      if (large > 15 && large > 36 * Math.max(small, 0.1)) quadratic.push(`${rule.meta.id}: ${small.toFixed(1)} ms → ${large.toFixed(1)} ms`);
    }
    assert.deepEqual(quadratic, [], 'rules whose cost grows faster than the file (100 → 800 blocks)');
  });
});

// Counterexamples the properties found, kept as plain tests (each was a bug fixed in the core).
describe('fuzz: regressions', () => {
  it('a lone CR is a line break, as in LSP and dockerfile-ast (text.ts)', () => {
    for (const text of ['\rCMD', '\r\u0000', 'FROM alpine\rRUN apk add curl\r\nUSER 1\r', 'FROM alpine\r\rRUN apk add curl']) checkAll(text, shell);
    const { findings } = analyze('FROM alpine:3.22\rRUN apk add curl\r', shell);
    const apk = findings.find((finding) => finding.ruleId === 'apk-no-cache');
    assert.deepEqual(apk?.range.start, { line: 1, character: 4 });
  });

  it('long runs of blanks, `${A:-`, ENV pairs and shell operators stay linear (view.ts, from-args.ts, env-self-reference, parser.ts)', () => {
    const cases = [
      `FROM alpine:3.22\nRUN echo "${' '.repeat(32 * 1024)}"\n`,
      `FROM ${'${A:-'.repeat(12 * 1024)}\nRUN true\n`,
      `FROM alpine:3.22\nENV A=${' `'.repeat(16 * 1024)}\n`,
      `FROM alpine:3.22\nENV ${'a=$b '.repeat(8 * 1024)}\n`,
      `FROM alpine:3.22\nRUN ${'|'.repeat(12 * 1024)}\n`,
      `FROM alpine:3.22\nRUN ${'a |'.repeat(4 * 1024)}\n`,
      `FROM alpine:3.22\nRUN ${'<<'.repeat(6 * 1024)}\n`,
    ];
    for (const text of cases) checkAnalysis(text, shell);
  });

  it('a removal path with an unbalanced `[` is plain text, not a broken glob (removed-in-later-layer)', () => {
    // A missing line break glued an exec-form ENTRYPOINT to the RUN: `rm` was handed `[tini,`.
    const text = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gosu && rm -rf /var/lib/apt/lists/* ENTRYPOINT ["tini", "--", "gosu"]\nCMD ["x"]\n';
    checkAll(text, shell);
    const { findings } = analyze('FROM alpine:3.22\nRUN mkdir -p "/data/[x"\nRUN rm -rf "/data/[x"\n', shell);
    assert.equal(findings.filter((finding) => finding.ruleId === 'removed-in-later-layer').length, 1, 'the literal path still matches');
  });

  it('a shell parse cut short by its budget reads as a syntax error, and the parser recovers', () => {
    // The second script has syntax the fast path does not read: tree-sitter parses it after the cut.
    const { model } = analyze(`FROM alpine:3.22\nRUN ${'|'.repeat(24 * 1024)}\nRUN if true; then apk add curl; fi\n`, shell);
    const [slow, normal] = model.instructions.filter((instruction) => instruction.keyword === 'RUN');
    assert.equal(model.shellScript(slow)?.hasSyntaxError, true);
    assert.equal(model.shellScript(normal)?.hasSyntaxError, false);
    assert.deepEqual(model.shellScript(normal)?.commands.map((command) => command.name), ['true', 'apk']);
  });

  it('the debug stage refuses a final FROM with extra words instead of adding a stage it cannot name (swap-base.ts)', () => {
    for (const text of ['FROM alpine\nFROM gcr.io/distroless/static-debian12 AS a b\nRUN []', 'FROM cgr.dev/chainguard/python:latest COPY app.py .\nCMD ["python", "app.py"]\n']) {
      const result = addDebugStage(buildModel(text, shell));
      assert.equal(result.kind, 'refused', text);
    }
    const unterminated = 'FROM gcr.io/distroless/static-debian12\nRUN <<EOF\napt-get update\n\n';
    assert.equal(addDebugStage(buildModel(unterminated, shell)).kind, 'refused', 'an unterminated heredoc would swallow the final stage');
    // Inserted after a BOM, not before it (the BOM would glue itself to the debug stage's FROM).
    const bom = '\uFEFFFROM gcr.io/distroless/static-debian12\nHEALTHCHECK NONE';
    const result = addDebugStage(buildModel(bom, shell));
    assert.ok(result.kind === 'edit' && applyEdits(bom, result.edits).startsWith('\uFEFF# Same files with a shell'));
    // With a backtick escape, the repeated stage is read with the file's escape character.
    const backtick = '# escape=`\nFROM cgr.dev/chainguard/python:latest\nRUN apt-get update;`\napt-get update\nRUN <<EOF\napt-get update\n\nCOPY .';
    assert.equal(addDebugStage(buildModel(backtick, shell)).kind, 'refused');
    for (const text of [unterminated, bom, backtick, 'FROM cgr.dev/chainguard/python:latest\n\uFEFF']) checkAll(text, shell);
  });

  it('`CMD []` starts no program (multi-stage context.ts), and a RUN that ends in a continuation parses as the builder reads it (view.ts)', () => {
    checkAll('FROM mcr.microsoft.com/dotnet/sdk:8.0\nCMD []\nENV ', shell);
    const dangling = 'FROM debian:trixie-slim\nRUN apt-get update \\\n    && { ./prepare.sh; ./check.sh; } \\\n    && { test -f /etc/os-release || echo "no os-release"; } \\\n';
    checkAll(dangling, shell);
    const { model } = analyze('FROM d\nRUN a && b \\\n', shell);
    assert.equal(model.shellScript(model.instructions[1])?.hasSyntaxError, false);
  });

  it('convert to multi-stage refuses rather than let a trailing continuation swallow the runtime FROM (multi-stage.ts)', () => {
    const dangling = 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nCMD ["/app"]\nRUN go build -o /app . \\\n';
    assert.equal(convertToMultiStage(buildModel(dangling, shell)).kind, 'refused');
    const garbage = "FROM python:3.12-slim\nCMD ['gunicorn', \\\n     'app:app']\n     '--bind', '0.0.0.0:8000', \\\n";
    for (const text of [dangling, garbage]) checkAll(text, shell);
  });

  it('an ARG word that is not a name does not break a pattern (runtime.ts); USER is not added after a trailing continuation (root-user)', () => {
    checkAll('FROM python:3.12-alpine\nARG A *.txt\nCMD []\n', shell);
    const text = 'FROM node:24-slim\nRUN ( export NODE_ENV=production \\\n        && npm ci ) \\\n';
    checkAll(text, shell);
  });

  it('no clean-up is appended to a script the shell rejects: it would land in the open quote, again and again (edits.ts)', () => {
    const text = 'FROM debian:13-slim\nRUN apt-get update \\\n"\n    && apt-get install -y curl \\\n    \n    && rm -rf /var/lib/apt/lists/*\n';
    checkAll(text, shell);
    const fixes = analyze(text, shell).findings.flatMap((finding) => finding.fixes.map((fix) => fix.title));
    assert.ok(!fixes.some((title) => title.startsWith('Remove the apt lists')), fixes.join('\n'));
  });
});
