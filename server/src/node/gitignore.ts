// A gitignore matcher, also used to expand PATH globs (Windows shells do not expand them). It covers
// the gitignore rules that matter for finding Dockerfiles: comments, `!` negation, leading `/`
// anchoring, trailing `/` for folders, `*`, `**`, `?`, `[...]` classes and backslash escapes.
// Paths are relative, with `/` separators, on every platform.

export interface IgnorePattern {
  regex: RegExp;
  negate: boolean;
  /** A trailing `/`: the pattern matches folders only. */
  folderOnly: boolean;
}

/** Parses a `.gitignore` text; patterns are relative to the folder that holds the file. */
export function parseGitignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = stripTrailingSpaces(rawLine);
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const folderOnly = line.endsWith('/') && !line.endsWith('\\/');
    if (folderOnly) line = line.slice(0, -1);
    if (line === '') continue;
    // A slash at the start or in the middle anchors the pattern to the .gitignore's folder;
    // without one it matches a name at any depth.
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    patterns.push({ regex: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${globBody(line)}$`), negate, folderOnly });
  }
  return patterns;
}

/** Trailing spaces are ignored unless escaped with a backslash (git's rule). */
function stripTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  return line.slice(0, end);
}

/**
 * A PATH glob as a RegExp over a `/`-separated path relative to the glob's base folder. Adds the
 * shell's `{a,b}` alternatives, which gitignore does not have.
 */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^(?:${expandBraces(glob).map(globBody).join('|')})$`);
}

/** Whether an argument has glob syntax (`*`, `?`, `[`, `{`). */
export function hasGlobSyntax(text: string): boolean {
  return /[*?[{]/.test(text);
}

/** `a{b,c{d,e}}f` → `abf`, `acdf`, `acef`; an unbalanced or single-item brace stays literal. */
export function expandBraces(glob: string): string[] {
  let depth = 0;
  let open = -1;
  const commas: number[] = [];
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '\\') i++;
    else if (char === '{' && depth++ === 0) open = i;
    else if (char === ',' && depth === 1) commas.push(i);
    else if (char === '}' && depth > 0 && --depth === 0) {
      if (commas.length === 0) {
        // `{x}` is literal in a shell; look for a later group.
        const rest = expandBraces(glob.slice(i + 1));
        return rest.map((tail) => glob.slice(0, i + 1) + tail);
      }
      const bounds = [open, ...commas, i];
      const head = glob.slice(0, open);
      const tails = expandBraces(glob.slice(i + 1));
      const out: string[] = [];
      for (let k = 0; k + 1 < bounds.length; k++) {
        for (const middle of expandBraces(glob.slice(bounds[k] + 1, bounds[k + 1]))) {
          for (const tail of tails) out.push(head + middle + tail);
        }
      }
      return out;
    }
  }
  return [glob];
}

const REGEX_SPECIAL = /[.+^${}()|[\]\\*?]/g;

/** The RegExp source of one gitignore-dialect glob, without anchors. */
function globBody(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '\\' && i + 1 < glob.length) {
      out += glob[++i].replace(REGEX_SPECIAL, '\\$&');
    } else if (char === '*') {
      const double = glob[i + 1] === '*';
      const afterSlash = i === 0 || glob[i - 1] === '/';
      if (double && afterSlash && glob[i + 2] === '/') {
        out += '(?:.*/)?'; // `**/`: zero or more folders
        i += 2;
      } else if (double && afterSlash && i + 2 === glob.length) {
        out += '.*'; // trailing `/**`: everything inside
        i += 1;
      } else {
        out += '[^/]*'; // `*`, and `**` elsewhere, which git treats as `*`
        while (glob[i + 1] === '*') i++;
      }
    } else if (char === '?') {
      out += '[^/]';
    } else if (char === '[') {
      const parsed = bracket(glob, i);
      if (parsed) {
        out += parsed.source;
        i = parsed.end;
      } else {
        out += '\\[';
      }
    } else {
      out += char.replace(REGEX_SPECIAL, '\\$&');
    }
  }
  return out;
}

/** `[abc]`, `[a-z]`, `[!a]` / `[^a]`; never matches `/`. Null when there is no closing `]`. */
function bracket(glob: string, start: number): { source: string; end: number } | null {
  let i = start + 1;
  const negate = glob[i] === '!' || glob[i] === '^';
  if (negate) i++;
  let body = '';
  // A `]` right after the opening (or its negation) is a literal member.
  if (glob[i] === ']') {
    body += '\\]';
    i++;
  }
  for (; i < glob.length; i++) {
    const char = glob[i];
    if (char === ']') return { source: `(?!/)[${negate ? '^' : ''}${body}]`, end: i };
    if (char === '\\' && i + 1 < glob.length) body += `\\${glob[++i]}`;
    else body += char === '^' || char === '[' ? `\\${char}` : char;
  }
  return null;
}

/** One `.gitignore` file's patterns and the folder (relative to the walk's root) it sits in. */
interface IgnoreLevel {
  base: string;
  patterns: IgnorePattern[];
}

/**
 * The `.gitignore` files that apply in a folder, outermost first. Git's precedence: a deeper file
 * overrides a shallower one, and within a file the last matching pattern decides.
 */
export class IgnoreStack {
  constructor(private readonly levels: readonly IgnoreLevel[] = []) {}

  /** This stack plus the patterns of a `.gitignore` in `base` (relative to the root, `''` for it). */
  with(base: string, patterns: IgnorePattern[]): IgnoreStack {
    return patterns.length === 0 ? this : new IgnoreStack([...this.levels, { base, patterns }]);
  }

  /** Whether `path` (relative to the root, `/`-separated) is ignored. */
  ignores(path: string, isFolder: boolean): boolean {
    for (let level = this.levels.length - 1; level >= 0; level--) {
      const { base, patterns } = this.levels[level];
      let local = path;
      if (base !== '') {
        if (!path.startsWith(`${base}/`)) continue;
        local = path.slice(base.length + 1);
      }
      for (let index = patterns.length - 1; index >= 0; index--) {
        const pattern = patterns[index];
        if (pattern.folderOnly && !isFolder) continue;
        if (pattern.regex.test(local)) return !pattern.negate;
      }
    }
    return false;
  }
}
