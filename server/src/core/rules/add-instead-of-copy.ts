// add-instead-of-copy: ADD of local files does what COPY does, plus magic (archive extraction)
// that surprises readers. ADD is for URLs, git repositories and tar archives to extract.
import { replaceSpan } from '../edits';
import { copyPaths } from '../model/commands';
import type { Instruction } from '../model/types';
import { defineRule } from '../rule';

/** Names ADD always treats as tar archives to extract: ADD is the right tool for them. */
const TAR_ARCHIVE = /\.(tar|tar\.(gz|bz2|xz|zst|lz4)|tgz|tbz2?|txz|tzst)$/i;
/** Compressed files that may hold a tar: ADD extracts them if so (it looks at the content, not the name). */
const MAYBE_ARCHIVE = /\.(gz|bz2|xz|zst|lz4|z)$/i;
const REMOTE = /^(https?|git|ssh):\/\/|^git@|\.git(#.*)?$/;
/** Flags only ADD has: the instruction needs ADD. */
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

type Verdict = 'not-reported' | 'no-fix' | 'safe';

/**
 * Judges a source by its name: a URL or a tar archive needs ADD; a compressed file or a bare
 * wildcard may be a tar that ADD would extract, so replacing ADD is not safe; anything else is
 * copied verbatim by both.
 */
function judgeSource(source: string): Verdict {
  if (REMOTE.test(source) || TAR_ARCHIVE.test(source)) return 'not-reported';
  if (source.includes('$') || MAYBE_ARCHIVE.test(source)) return 'no-fix';
  // `dist/*` may match archives; `*.whl` names what it copies.
  if (/\*$/.test(source)) return 'no-fix';
  return 'safe';
}

function verdictOf(instruction: Instruction): Verdict {
  if (instruction.flags.some((flag) => ADD_ONLY_FLAGS.has(flag.name))) return 'not-reported';
  const paths = copyPaths(instruction);
  if (!paths) return 'not-reported';
  const { sources } = paths;
  let verdict: Verdict = 'safe';
  for (const source of sources) {
    // A heredoc source is inline text: ADD and COPY write it the same way.
    const judged = source.startsWith('<<') ? 'safe' : judgeSource(source);
    if (judged === 'not-reported') return judged;
    if (judged === 'no-fix') verdict = judged;
  }
  return verdict;
}

export default defineRule({
  meta: {
    id: 'add-instead-of-copy',
    title: 'ADD instead of COPY',
    category: 'size',
    defaultSeverity: 'warning',
    fixAvailability: 'sometimes',
    summary: 'Use COPY for local files and folders; keep ADD for URLs, git repositories and tar archives to extract.',
    docs: {
      why: 'ADD copies local files like COPY, but it also extracts any local tar archive it is given (judging by the content, not the name) and fetches URLs. Used for plain files it makes the reader wonder which of those happens, and a file that turns out to be a tar gets unpacked by surprise. COPY does only the copy; ADD stays the right choice for a remote URL (with `--checksum`), a git repository, or a tar archive you mean to extract.\n\nNot reported for URLs, git sources, `--checksum`/`--keep-git-dir`/`--unpack`, and sources named like tar archives (`.tar`, `.tar.gz`, `.tgz`, `.tar.xz`…), which ADD is meant to extract.',
      incorrect: 'FROM python:3.13-slim\nADD requirements.txt /app/\nADD src/ /app/src/',
      correct: 'FROM python:3.13-slim\nCOPY requirements.txt /app/\nCOPY src/ /app/src/\nADD vendor.tar.gz /opt/vendor/',
      fixSafety: 'Safe: the fix replaces the ADD keyword with COPY, keeping the flags (`--chown`, `--chmod`, `--link`, `--exclude` exist on both). A file that is not an archive, or a folder, is copied the same way by both. No fix when a source may be a tar archive that ADD would extract: a compressed file (`.gz`, `.xz`, `.bz2`, `.zst`), a name built from a variable, or a trailing wildcard (`dist/*`).',
    },
    sources: [{ tool: 'hadolint', id: 'DL3020', relation: 'same' }],
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'ADD' || instruction.stageIndex < 0) continue;
      const verdict = verdictOf(instruction);
      if (verdict === 'not-reported') continue;
      const keywordStart = model.lines.offsetAt(instruction.keywordRange.start);
      const keyword = model.text.slice(keywordStart, keywordStart + 3);
      const copy = keyword === keyword.toLowerCase() ? 'copy' : 'COPY';
      report({
        range: instruction.keywordRange,
        message: verdict === 'safe' ? 'Use `COPY` to copy local files: `ADD` also extracts archives and fetches URLs' : 'Use `COPY` for local files, unless this source is a tar archive that `ADD` should extract',
        stageIndex: instruction.stageIndex,
        fixes: verdict === 'safe' ? [{ title: 'Replace ADD with COPY', safety: 'safe', edits: [replaceSpan(model, keywordStart, keywordStart + 3, copy)] }] : [],
      });
    }
  },
});
