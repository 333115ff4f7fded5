// Splits an image reference into registry / repository / tag / digest (Docker's reference grammar).

export interface ImageName {
  registry: string | null;
  /** Path without registry, e.g. `python` or `distroless/static-debian13`. */
  repository: string;
  tag: string | null;
  digest: string | null;
}

export function parseImageName(reference: string): ImageName {
  let rest = reference;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | null = null;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    // A first component is a registry host when it looks like one (docker/distribution rules).
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { registry, repository: rest, tag, digest };
}

/** Last path component: `gcr.io/distroless/python3-debian13` → `python3-debian13`. */
export function imageBaseName(name: ImageName): string {
  return name.repository.slice(name.repository.lastIndexOf('/') + 1);
}

export function isDistroless(name: ImageName): boolean {
  return name.repository.startsWith('distroless/');
}

export function isChainguard(name: ImageName): boolean {
  return name.registry === 'cgr.dev';
}
