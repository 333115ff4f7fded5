// Value formats for label rules (hadolint's label-schema types) and the labels of a stage chain.
import { keyValues, type KeyValue } from './properties';
import { stageChain } from './stages';
import type { DockerfileModel, Instruction, Stage } from './types';

export type LabelType = 'text' | 'url' | 'semver' | 'hash' | 'rfc3339' | 'spdx' | 'email';
export const LABEL_TYPES: readonly LabelType[] = ['text', 'url', 'semver', 'hash', 'rfc3339', 'spdx', 'email'];

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const URL_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#]+[^\s]*$/;
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** The common SPDX license ids; `LicenseRef-*` and expressions (`MIT OR Apache-2.0`) are accepted too. */
const SPDX_IDS = new Set([
  '0BSD', 'AFL-3.0', 'AGPL-3.0-only', 'AGPL-3.0-or-later', 'Apache-1.1', 'Apache-2.0', 'APSL-2.0', 'Artistic-2.0', 'BSD-1-Clause',
  'BSD-2-Clause', 'BSD-2-Clause-Patent', 'BSD-3-Clause', 'BSD-3-Clause-Clear', 'BSD-4-Clause', 'BSL-1.0', 'BUSL-1.1', 'CC-BY-4.0',
  'CC-BY-SA-4.0', 'CC0-1.0', 'CDDL-1.0', 'CDDL-1.1', 'CPL-1.0', 'ECL-2.0', 'EPL-1.0', 'EPL-2.0', 'EUPL-1.1', 'EUPL-1.2',
  'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-3.0-only', 'GPL-3.0-or-later', 'ISC', 'LGPL-2.0-only', 'LGPL-2.0-or-later',
  'LGPL-2.1-only', 'LGPL-2.1-or-later', 'LGPL-3.0-only', 'LGPL-3.0-or-later', 'MIT', 'MIT-0', 'MPL-1.1', 'MPL-2.0', 'MS-PL',
  'MS-RL', 'NCSA', 'OFL-1.1', 'OpenSSL', 'OSL-3.0', 'PostgreSQL', 'PSF-2.0', 'Python-2.0', 'Ruby', 'SSPL-1.0', 'Unlicense',
  'UPL-1.0', 'Vim', 'W3C', 'WTFPL', 'X11', 'Zlib', 'ZPL-2.1',
  // Deprecated ids that are still common in the wild.
  'GPL-2.0', 'GPL-2.0+', 'GPL-3.0', 'GPL-3.0+', 'LGPL-2.1', 'LGPL-2.1+', 'LGPL-3.0', 'LGPL-3.0+', 'AGPL-3.0',
]);
const SPDX_EXCEPTIONS = new Set(['Classpath-exception-2.0', 'LLVM-exception', 'GCC-exception-3.1', 'Autoconf-exception-3.0', 'OpenJDK-assembly-exception-1.0']);

function isSpdxExpression(value: string): boolean {
  const tokens = value.replace(/[()]/g, ' ').split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return false;
  let expectLicense = true;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (expectLicense) {
      if (!SPDX_IDS.has(token.replace(/\+$/, '')) && !SPDX_IDS.has(token) && !/^(DocumentRef-[\w.-]+:)?LicenseRef-[\w.-]+$/.test(token)) return false;
      expectLicense = false;
    } else if (token === 'AND' || token === 'OR') {
      expectLicense = true;
    } else if (token === 'WITH') {
      if (!SPDX_EXCEPTIONS.has(tokens[++i] ?? '')) return false;
    } else {
      return false;
    }
  }
  return !expectLicense;
}

function isRfc3339(value: string): boolean {
  const match = RFC3339.exec(value);
  if (!match) return false;
  const [, , month, day, hour, minute, second] = match.map(Number);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

export function matchesLabelType(type: LabelType, value: string): boolean {
  switch (type) {
    case 'text': return true;
    case 'url': return URL_PATTERN.test(value);
    case 'semver': return SEMVER.test(value);
    case 'hash': return /^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(value);
    case 'rfc3339': return isRfc3339(value);
    case 'spdx': return isSpdxExpression(value);
    case 'email': return EMAIL.test(value);
  }
}

export const LABEL_TYPE_WORDS: Record<LabelType, string> = {
  text: 'text', url: 'an absolute URL', semver: 'a semantic version', hash: 'a full git commit hash',
  rfc3339: 'an RFC 3339 date-time', spdx: 'an SPDX license expression', email: 'an email address',
};

export interface StageLabel extends KeyValue {
  instruction: Instruction;
}

/** Every LABEL pair of the given stages, in file order. */
export function labelsOf(model: DockerfileModel, stages: readonly Stage[]): StageLabel[] {
  const labels: StageLabel[] = [];
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'LABEL') for (const pair of keyValues(model, instruction)) labels.push({ ...pair, instruction });
    }
  }
  return labels;
}

/** The labels the final image carries: its stage and the stages it is built FROM. */
export function finalImageLabels(model: DockerfileModel): StageLabel[] {
  return model.finalStage ? labelsOf(model, stageChain(model, model.finalStage).reverse()) : [];
}
