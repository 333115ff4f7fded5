// EXPOSE port specs as the builder splits them: `[ip:][hostPort:]containerPort[/proto]`.

export interface PortSpec {
  ip: string;
  hostPort: string;
  containerPort: string;
  /** As written, without the slash; '' when absent (tcp). */
  proto: string;
}

/** Splits like BuildKit's `splitParts`: the last `:` part is the container port, an IPv6 host may be bracketed. */
export function parsePortSpec(raw: string): PortSpec {
  const slash = raw.indexOf('/');
  const ports = slash >= 0 ? raw.slice(0, slash) : raw;
  const proto = slash >= 0 ? raw.slice(slash + 1) : '';
  const parts = ports.split(':');
  if (parts.length === 1) return { ip: '', hostPort: '', containerPort: parts[0], proto };
  if (parts.length === 2) return { ip: '', hostPort: parts[0], containerPort: parts[1], proto };
  const containerPort = parts[parts.length - 1];
  const hostPort = parts[parts.length - 2];
  return { ip: parts.slice(0, -2).join(':'), hostPort, containerPort, proto };
}

/** Port numbers of `80` or `8000-8010`; null when a part is not a number. */
export function portNumbers(range: string): number[] | null {
  const parts = range.split('-');
  if (parts.length > 2 || parts.some((part) => !/^\d+$/.test(part))) return null;
  return parts.map(Number);
}

/** EXPOSE words whose values are literal (no `$` to expand at build time). */
export function literalPorts<T extends { value: string }>(words: readonly T[]): T[] {
  return words.filter((word) => !word.value.includes('$'));
}
