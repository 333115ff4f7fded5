// constant-platform-flag: `FROM --platform=linux/amd64` pins the stage to one architecture.
import { defineRule } from '../rule';

const OS = ['linux', 'windows', 'darwin', 'freebsd'];

export default defineRule({
  meta: {
    id: 'constant-platform-flag',
    title: 'FROM --platform with a constant value',
    category: 'correctness',
    defaultSeverity: 'info',
    fixAvailability: 'never',
    summary: 'Do not hard-code `FROM --platform=linux/amd64`; let the build choose the platform, or use `$BUILDPLATFORM`.',
    docs: {
      why: [
        'A constant platform makes the stage use that architecture whatever the build asks for: `docker build --platform linux/arm64` (or a multi-platform build) still gets amd64 binaries in the image, which then fail with "exec format error" or run under slow emulation. Leave the flag out so the stage follows the target platform, or use `--platform=$BUILDPLATFORM` for a builder stage that cross-compiles for `$TARGETPLATFORM`.',
        '',
        'Not reported when the stage name mentions the platform\'s OS or architecture (`FROM --platform=linux/arm64 alpine AS build-arm64`): that is how BuildKit recognises a deliberate per-platform stage.',
        '',
        'hadolint\'s DL3029 reports every `--platform`, including `$BUILDPLATFORM`, which is the documented pattern for cross-compilation; this rule reports only constant values, like BuildKit. Its default severity is `info` because pinning a platform is sometimes deliberate (an image only published for amd64).',
      ].join('\n'),
      incorrect: 'FROM --platform=linux/amd64 node:22-slim\nCOPY . .',
      correct: 'FROM node:22-slim\nCOPY . .',
    },
    sources: [
      { tool: 'buildkit', id: 'FromPlatformFlagConstDisallowed', relation: 'same' },
      { tool: 'hadolint', id: 'DL3029', relation: 'same' },
    ],
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const flag = stage.from.flags.find((candidate) => candidate.name === 'platform');
      const value = flag?.value ?? '';
      if (!flag || value === '' || value.includes('$')) continue;
      const [os, arch] = value.toLowerCase().split('/');
      if (!OS.includes(os) && arch === undefined) continue; // not a platform the builder would parse
      const name = stage.name ?? '';
      if (name.includes(os) || (arch && name.includes(arch))) continue;
      report({
        range: flag.range,
        message: `\`FROM --platform=${value}\` pins this stage to one platform; remove it or use \`$BUILDPLATFORM\``,
        stageIndex: stage.index,
      });
    }
  },
});
