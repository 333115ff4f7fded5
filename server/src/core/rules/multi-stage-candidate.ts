// multi-stage-candidate: the final image carries a build toolchain (an SDK base image, a compiler
// run or installed), which a multi-stage build would leave behind in a builder stage.
import { runScripts, subcommand, type Invocation } from '../model/commands';
import { imageBaseName, isDistroless, type ImageName } from '../model/image';
import type { DockerfileModel, ImageRef, Stage } from '../model/types';
import { defineRule, type Fix, type Range, type RelatedLocation } from '../rule';
import { convertOnDefaultRuntime } from '../transforms/multi-stage';
import type { ShellWord } from '../shell/script';
import { stageChain } from '../model/stages';

interface Evidence {
  /** Shown in the message: `golang:1.22`, `go build`, `build-essential`. */
  label: string;
  range: Range;
  note: string;
}

/** `COPY --from=<a stage outside the chain>`: the final stage is already the runtime half of a multi-stage build. */
function copiesFromBuilder(model: DockerfileModel, chain: Stage[]): boolean {
  const inChain = new Set(chain.map((stage) => stage.index));
  return chain.some((stage) => stage.instructions.some((instruction) => instruction.flags.some((flag) => {
    if (flag.name !== 'from' || !flag.value) return false;
    const reference = flag.value.toLowerCase();
    const source = /^\d+$/.test(reference) ? Number(reference) : model.stages.findIndex((other) => other.name === reference);
    return source >= 0 && source < stage.index && !inChain.has(source);
  })));
}

const SDK_IMAGES = new Set(['golang', 'rust', 'maven', 'gradle', 'gcc']);

/** `yes` for SDK images, `node` for full node images (a toolchain only when a build script runs). */
function toolchainImage(image: ImageName): 'yes' | 'node' | null {
  const name = imageBaseName(image);
  const tag = image.tag ?? '';
  if (SDK_IMAGES.has(name) || /(^|\/)dotnet\/(core\/)?sdk$/.test(image.repository)) return 'yes';
  if ((name === 'openjdk' || name === 'eclipse-temurin') && !tag.includes('jre')) return 'yes';
  if (name === 'node' && !/slim|alpine/.test(tag)) return 'node';
  return null;
}

const nonOptions = (invocation: Invocation): string[] => invocation.args.map((word) => word.value ?? '').filter((value) => value !== '' && !value.startsWith('-'));

/** `go build`, `npm run build`, `make`...: a label when the invocation compiles something. */
function buildCommand(invocation: Invocation): string | null {
  const words = nonOptions(invocation);
  const [first, second] = words;
  switch (invocation.name) {
    case 'go':
      return first === 'build' ? 'go build' : null;
    case 'cargo':
      return first === 'build' || first === 'install' ? `cargo ${first}` : null;
    case 'mvn':
    case 'mvnw': {
      const goal = words.find((word) => ['package', 'install', 'verify'].includes(word));
      return goal ? `mvn ${goal}` : null;
    }
    case 'gradle':
    case 'gradlew': {
      const task = words.find((word) => ['build', 'assemble', 'bootJar', 'shadowJar', 'installDist'].includes(word));
      return task ? `gradle ${task}` : null;
    }
    case 'dotnet':
      return first === 'publish' || first === 'build' ? `dotnet ${first}` : null;
    case 'npm':
    case 'yarn':
    case 'pnpm': {
      const script = first === 'run' || first === 'run-script' ? second : invocation.name === 'npm' ? undefined : first;
      if (script === undefined || !/^build(:|$)/.test(script)) return null;
      return first === script ? `${invocation.name} ${script}` : `${invocation.name} ${first} ${script}`;
    }
    case 'make':
    case 'cmake':
    case 'gcc':
    case 'g++':
    case 'cc':
    case 'c++':
    case 'clang':
    case 'clang++':
      return invocation.name;
    default:
      if (/^python(\d+(\.\d+)?)?$/.test(invocation.name) && (first ?? '').endsWith('setup.py')) {
        const verb = words.find((word) => ['install', 'build', 'build_ext', 'bdist_wheel'].includes(word));
        return verb ? `python setup.py ${verb}` : null;
      }
      return null;
  }
}

const TOOLCHAIN_PACKAGES = new Set(['build-essential', 'build-base', 'alpine-sdk', 'gcc', 'g++', 'gcc-c++', 'make', 'cmake', 'clang']);
const INSTALL_VERBS: Record<string, string[]> = {
  'apt-get': ['install'], apt: ['install'], apk: ['add'], yum: ['install'], dnf: ['install'], microdnf: ['install'],
};
const REMOVE_VERBS: Record<string, string[]> = {
  'apt-get': ['purge', 'remove'], apt: ['purge', 'remove'], apk: ['del'], yum: ['remove', 'erase'], dnf: ['remove', 'erase'], microdnf: ['remove'],
};
/** Options whose value is the next word, so it is not a package name. */
const OPTIONS_WITH_VALUE = new Set(['--virtual', '-t', '--repository', '-X', '--root', '-p', '--arch', '-o', '-c', '--option', '--config-file', '--target-release']);

function isToolchainPackage(name: string): boolean {
  return TOOLCHAIN_PACKAGES.has(name) || /.-dev$/.test(name) || /.-devel$/.test(name);
}

/** Package words of an install or removal, plus apk's `--virtual` group name. */
function packageWords(invocation: Invocation, verbs: string[]): { packages: ShellWord[]; group: string | null } | null {
  const verb = subcommand(invocation);
  if (!verb || !verbs.includes(verb.value ?? '')) return null;
  const packages: ShellWord[] = [];
  let group: string | null = null;
  const args = invocation.args.slice(invocation.args.indexOf(verb) + 1);
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value ?? '';
    if (OPTIONS_WITH_VALUE.has(value)) {
      if (value === '--virtual' || value === '-t') group = args[i + 1]?.value ?? null;
      i++;
    } else if (value.startsWith('--virtual=')) {
      group = value.slice('--virtual='.length);
    } else if (value !== '' && !value.startsWith('-')) {
      packages.push(args[i]);
    }
  }
  return { packages, group };
}

const packageName = (word: ShellWord): string => (word.value ?? '').replace(/[=<>~].*$/, '');

/**
 * docker-library's convention for Debian: `apt-mark auto \'.*\'` (or `apt-mark showmanual | xargs
 * apt-mark auto`) marks everything auto-installed, `apt-mark manual` re-marks what must stay, and
 * `apt-get purge -y --auto-remove` then removes the rest. Returns the offset of the `apt-mark auto`
 * (apt installs before it are purged) and the names re-marked manual, or null.
 */
function autoPurge(invocations: readonly Invocation[]): { before: number; kept: Set<string> } | null {
  const marksAuto = (invocation: Invocation): boolean => {
    const words = nonOptions(invocation);
    if (invocation.name === 'apt-mark') return words[0] === 'auto';
    return invocation.name === 'xargs' && words[0] === 'apt-mark' && words[1] === 'auto';
  };
  const markAuto = invocations.find(marksAuto);
  if (!markAuto) return null;
  const after = invocations.filter((invocation) => invocation.command.start > markAuto.command.start);
  const purges = after.some((invocation) => {
    if (invocation.name !== 'apt-get' && invocation.name !== 'apt') return false;
    const verb = nonOptions(invocation)[0];
    if (verb === 'autoremove') return true;
    return (verb === 'purge' || verb === 'remove') && invocation.args.some((word) => ['--auto-remove', '--autoremove'].includes(word.value ?? ''));
  });
  if (!purges) return null;
  const kept = new Set<string>();
  for (const invocation of after) {
    if (invocation.name === 'apt-mark' && nonOptions(invocation)[0] === 'manual') for (const name of nonOptions(invocation).slice(1)) kept.add(name);
  }
  return { before: markAuto.command.start, kept };
}

/**
 * Toolchain packages a RUN installs and does not remove again in the same layer, and whether the
 * RUN removes build dependencies it installed (then what it built is the output, not a toolchain).
 */
function installedToolchain(model: DockerfileModel, invocations: readonly Invocation[]): { evidence: Evidence[]; purgesBuildDeps: boolean } {
  const removed = new Set<string>();
  for (const invocation of invocations) {
    const removal = REMOVE_VERBS[invocation.name] ? packageWords(invocation, REMOVE_VERBS[invocation.name]) : null;
    for (const word of removal?.packages ?? []) removed.add(packageName(word));
  }
  const purge = autoPurge(invocations);
  const evidence: Evidence[] = [];
  let purgesBuildDeps = false;
  for (const invocation of invocations) {
    const install = INSTALL_VERBS[invocation.name] ? packageWords(invocation, INSTALL_VERBS[invocation.name]) : null;
    if (!install) continue;
    if (install.group !== null && removed.has(install.group)) {
      purgesBuildDeps = true;
      continue;
    }
    const purged = purge !== null && (invocation.name === 'apt-get' || invocation.name === 'apt') && invocation.command.start < purge.before;
    for (const word of install.packages) {
      const name = packageName(word);
      if (!isToolchainPackage(name)) continue;
      if (removed.has(name) || (purged && !purge.kept.has(name))) {
        purgesBuildDeps = true;
        continue;
      }
      evidence.push({ label: name, range: model.lines.rangeOf(word.start, word.end), note: `Installs \`${name}\`` });
    }
  }
  return { evidence, purgesBuildDeps };
}

/** The Convert to Multi-Stage transformation on its default runtime, when it can be done. */
function conversionFix(model: DockerfileModel): Fix[] {
  const { reference, result } = convertOnDefaultRuntime(model);
  if (result.kind !== 'edit' || reference === null) return [];
  return [{
    title: `Convert to a multi-stage build on \`${reference}\` (unsafe: only the build output ships; the app may need more at run time)`,
    safety: 'unsafe',
    edits: result.edits,
  }];
}

const BUILD_PREFILTER = /\b(go|cargo|mvnw?|gradlew?|dotnet|npm|yarn|pnpm|c?make|gcc|g\+\+|cc|c\+\+|clang(\+\+)?|python[\d.]*|apt-get|apt|apk|yum|dnf|microdnf)\b/;

export default defineRule({
  meta: {
    id: 'multi-stage-candidate',
    title: 'Build toolchain in the final image',
    category: 'size',
    defaultSeverity: 'info',
    fixAvailability: 'sometimes',
    unsafeFixesOnly: true,
    summary: 'Build in a separate stage and copy only the output into a small runtime image.',
    docs: {
      why: [
        'Compilers, SDKs, headers and build caches are needed to produce the app, not to run it. When the final image is built from an SDK image (`golang`, `rust`, `maven`, `gradle`, `gcc`, `mcr.microsoft.com/dotnet/sdk`, a JDK) or compiles in place (`go build`, `cargo build`, `mvn package`, `npm run build`, `make`, `gcc`...) or installs a toolchain (`build-essential`, `gcc`, `make`, `cmake`, `*-dev` packages), all of it ships: often hundreds of megabytes, and a larger attack surface (a compiler and a package manager are exactly what an attacker wants to find).',
        '',
        'A multi-stage build compiles in a builder stage and copies only the result into a runtime image (`*-slim`, `alpine`, distroless or `scratch`); the builder is thrown away. A Go service typically goes from about 800 MB on `golang` to a few tens of MB on distroless.',
        '',
        'Reported once, on the final stage, naming the evidence. A full `node` image counts only when a build script (`npm run build`) runs. Not reported when the final stage already copies from a builder stage (`COPY --from=build`), nor when it is `scratch` or distroless. Installing build dependencies and removing them in the same `RUN` does not count, and neither does a compiler run (`make`, `gcc`) in that `RUN`: they never land in a layer, only the output does. Both removal conventions of the official images are recognized: `apk add --virtual .build-deps ... && apk del .build-deps`, and on Debian `apt-mark auto \'.*\'` (or `apt-mark showmanual | xargs apt-mark auto`) followed by `apt-get purge -y --auto-remove`, which removes every package installed before it that `apt-mark manual` did not keep.',
      ].join('\n'),
      incorrect: 'FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]',
      correct: 'FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian13:nonroot\nCOPY --from=build /app /app\nCMD ["/app"]',
      fixSafety: [
        'Unsafe: "Convert to a multi-stage build on <runtime>" runs the Convert to Multi-Stage Build transformation with its default runtime base (the palette command and `layerwise convert multi-stage --runtime IMAGE` let you pick another). The build steps stay as they are in a stage named `build`; the runtime stage copies only the artifact (the Go/Rust/C binary, the Python virtualenv and app directory, the Node app with production `node_modules`, the jar, the .NET publish output), keeps EXPOSE, runtime ENV, LABEL, VOLUME, HEALTHCHECK, WORKDIR and USER (non-root by default), and writes CMD/ENTRYPOINT in exec form.',
        '',
        'It is unsafe because the runtime image then holds only what was copied: files the app reads at run time that are not part of the artifact, and system packages installed in the build stage, are not there. Offered only when the artifact can be determined (an output path such as `go build -o`, `dotnet publish -o`, a jar run by `java -jar`, a program run by path in CMD) and a known runtime base fits the build\'s language version and C library; otherwise the transformation says what is missing.',
      ].join('\n'),
    },
    sources: [],
    finalImageOnly: true,
  },
  check({ model, report }) {
    const final = model.finalStage;
    const imageWord = final?.from.args[0];
    if (!final || !imageWord) return;
    const chain = stageChain(model, final);
    const base = chain[chain.length - 1];
    if (base.isScratch || (base.image && isDistroless(base.image)) || copiesFromBuilder(model, chain)) return;

    const evidence: Evidence[] = [];
    const inChain = new Set(chain.map((stage) => stage.index));
    let runsBuildScript = false;
    for (const { stage, invocations } of runScripts(model, BUILD_PREFILTER)) {
      if (!inChain.has(stage.index)) continue;
      const installed = installedToolchain(model, invocations);
      for (const invocation of invocations) {
        const label = buildCommand(invocation);
        if (!label) continue;
        if (/^(npm|yarn|pnpm) /.test(label)) runsBuildScript = true;
        // `make` in a RUN that removes the compilers it installed leaves only the output behind.
        if (installed.purgesBuildDeps && !/^(npm|yarn|pnpm|go|cargo|dotnet|mvn|gradle) /.test(label)) continue;
        evidence.push({ label, range: model.lines.rangeOf(invocation.nameWord.start, invocation.command.end), note: `Builds with \`${label}\`` });
      }
      evidence.push(...installed.evidence);
    }

    const image: ImageRef | null = base.image;
    const kind = image ? toolchainImage(image) : null;
    if (image && (kind === 'yes' || (kind === 'node' && runsBuildScript))) {
      const label = image.resolved ?? image.written;
      evidence.unshift({ label, range: image.range, note: `\`${label}\` is a build image` });
    }
    if (evidence.length === 0) return;

    const labels = [...new Set(evidence.map((item) => item.label))];
    const shown = labels.slice(0, 3).map((label) => `\`${label}\``).join(', ') + (labels.length > 3 ? ', …' : '');
    const related: RelatedLocation[] = evidence.map((item) => ({ range: item.range, message: item.note }));
    report({
      range: imageWord.range,
      message: `Final image carries a build toolchain (${shown}); a multi-stage build would ship only the build output`,
      stageIndex: final.index,
      related,
      // The whole conversion: computed only when a fix is asked for.
      fixes: () => conversionFix(model),
    });
  },
});
