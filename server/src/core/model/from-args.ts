// Variables used by FROM lines (image and --platform), and the automatic platform ARGs.

/** ARGs the builder defines for FROM lines without a declaration. */
export const AUTOMATIC_PLATFORM_ARGS: ReadonlyMap<string, string> = new Map([
  ['BUILDPLATFORM', 'linux/amd64'], ['BUILDOS', 'linux'], ['BUILDOSVERSION', ''], ['BUILDARCH', 'amd64'], ['BUILDVARIANT', ''],
  ['TARGETPLATFORM', 'linux/amd64'], ['TARGETOS', 'linux'], ['TARGETOSVERSION', ''], ['TARGETARCH', 'amd64'], ['TARGETVARIANT', ''],
  ['TARGETSTAGE', 'default'],
]);

export interface VariableUse {
  name: string;
  /** Has a `${NAME:-default}` / `${NAME-default}` fallback. */
  hasDefault: boolean;
}

export function variableUses(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  const pattern = /\\\$|\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(:?[-+?][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  const [head, tail] = splitAtLastBrace(text);
  for (const match of [...head.matchAll(pattern), ...tail.matchAll(UNBRACED_USE)]) {
    if (match[0] === '\\$') continue;
    uses.push({ name: match[1] ?? match[3], hasDefault: /^:?-/.test(match[2] ?? '') });
  }
  return uses;
}

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);

/** Docker's reference grammar (distribution/reference), as `ParseNormalizedNamed` checks it. */
export function isValidImageReference(reference: string): boolean {
  return reference.length > 0 && REFERENCE.test(reference);
}

/**
 * Expands `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`, `${NAME+word}` and the
 * pattern removals `${NAME#p}`, `${NAME##p}`, `${NAME%p}`, `${NAME%%p}` as the builder does; null in
 * `vars` means declared without a value (unset), which expands to nothing.
 */
export function expandVariables(value: string, vars: ReadonlyMap<string, string | null>): string {
  return expandArgs(value, (name) => vars.get(name) ?? '').text;
}

/**
 * The expansion with unknown values: `lookup` returns null for an ARG without a default (a build
 * argument may set it) and undefined for a value that is not known at all (the platform ARGs, an
 * undeclared name). `unknown` is true when the result depends on either; for an ARG without a
 * default, `${V:-3.22}` and `${V:+x}` take the unset branch, as a plain build does.
 */
export function expandArgs(value: string, lookup: (name: string) => string | null | undefined): { text: string; unknown: boolean } {
  let unknown = false;
  const expand = (match: string, braced?: string, operator?: string, word?: string, plain?: string): string => {
    if (match === '\\$') return match;
    const current = lookup(braced ?? plain ?? '');
    if (current === undefined) {
      unknown = true;
      return '';
    }
    // The builder's lexer removes quotes in the word too: `${V:-"3.22"}` gives `3.22`.
    const argument = (word ?? '').replace(/^(["'])(.*)\1$/s, '$2');
    if (operator === '-' || operator === ':-') return current !== null && (operator === '-' || current !== '') ? current : argument;
    if (operator === '+' || operator === ':+') return current !== null && (operator === '+' || current !== '') ? argument : '';
    if (current === null) {
      unknown = true;
      return '';
    }
    return operator ? removePattern(current, operator, argument) : current;
  };
  const [head, tail] = splitAtLastBrace(value);
  const text = head.replace(VARIABLE, expand) + tail.replace(UNBRACED_VARIABLE, expand);
  return { text, unknown };
}

const VARIABLE = /\\\$|\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+]|##?|%%?)([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * A braced `${NAME…}` needs a `}` after it, so past the last `}` of a text only `$NAME` and `\$`
 * can match. Matching that tail with patterns whose braced branch fails at once (`(?!)`, same
 * groups) keeps a long line of `${A:-` linear: the full pattern rescans to the end from every `$`.
 */
function splitAtLastBrace(text: string): [string, string] {
  const at = text.lastIndexOf('}') + 1;
  return [text.slice(0, at), text.slice(at)];
}
const UNBRACED_USE = /\\\$|\$(?:\{(?!)()()|([A-Za-z_][A-Za-z0-9_]*))/g;
const UNBRACED_VARIABLE = /\\\$|\$(?:\{(?!)()()()|([A-Za-z_][A-Za-z0-9_]*))/g;

/** `#`/`##` remove the shortest/longest matching prefix, `%`/`%%` the shortest/longest suffix. */
function removePattern(value: string, operator: string, pattern: string): string {
  const glob = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const lengths = [...Array(value.length + 1).keys()];
  if (operator.length === 2) lengths.reverse();
  const prefix = operator[0] === '#';
  for (const length of lengths) {
    const part = prefix ? value.slice(0, length) : value.slice(value.length - length);
    if (new RegExp(`^${glob}$`, 's').test(part)) return prefix ? value.slice(length) : value.slice(0, value.length - length);
  }
  return value;
}
