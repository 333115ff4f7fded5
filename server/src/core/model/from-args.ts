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
  for (const match of text.matchAll(pattern)) {
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
 * Expands `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`, `${NAME+word}` as the
 * builder does; null in `vars` means declared without a value (unset), which expands to nothing.
 */
export function expandVariables(value: string, vars: ReadonlyMap<string, string | null>): string {
  return value.replace(/\\\$|\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (match: string, braced?: string, colon?: string, operator?: string, word?: string, plain?: string) => {
      if (match === '\\$') return match;
      const current = vars.get(braced ?? plain ?? '') ?? null;
      // With a colon, an empty value counts as unset.
      const isSet = current !== null && (colon !== ':' || current !== '');
      if (operator === '-') return isSet ? current! : word ?? '';
      if (operator === '+') return isSet ? word ?? '' : '';
      return current ?? '';
    });
}
