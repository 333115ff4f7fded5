// A deterministic corpus of realistic Dockerfiles for the benchmark: varied ecosystems,
// continuation lines, heredocs, comments and multi-stage builds, from a seeded generator so that
// every run measures the same text.

/** Mulberry32: a small seeded PRNG. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rand, items) => items[Math.floor(rand() * items.length)];

const STAGES = [
  (rand) => [
    `FROM golang:1.${22 + Math.floor(rand() * 3)} AS build`,
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'COPY . .',
    'RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/app ./cmd/app',
  ],
  (rand) => [
    `FROM python:3.${11 + Math.floor(rand() * 3)}-slim AS deps`,
    'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1',
    'RUN apt-get update \\',
    '    && apt-get install -y --no-install-recommends build-essential libpq-dev \\',
    '    && rm -rf /var/lib/apt/lists/*',
    'COPY requirements.txt .',
    'RUN pip install --no-cache-dir -r requirements.txt',
  ],
  (rand) => [
    `FROM node:${pick(rand, ['20', '22', '24'])}-alpine AS web`,
    'WORKDIR /app',
    'COPY package.json package-lock.json ./',
    'RUN npm ci',
    'COPY . .',
    'RUN npm run build && npm prune --omit=dev',
  ],
  () => [
    'FROM debian:bookworm-slim AS tools',
    '# Tools for the build, pinned for reproducibility.',
    'RUN set -eux; \\',
    '    apt-get update; \\',
    '    apt-get install -y --no-install-recommends \\',
    '        ca-certificates \\',
    '        curl \\',
    '        git \\',
    '        make; \\',
    '    rm -rf /var/lib/apt/lists/*',
    'RUN <<EOF',
    'set -e',
    'curl -fsSL https://example.com/tool.tar.gz -o /tmp/tool.tar.gz',
    'tar -xzf /tmp/tool.tar.gz -C /usr/local/bin',
    'rm /tmp/tool.tar.gz',
    'EOF',
  ],
  () => [
    'FROM alpine:3.20 AS base',
    'RUN apk add --no-cache ca-certificates tzdata && update-ca-certificates',
    'ARG VERSION=1.0.0',
    'LABEL org.opencontainers.image.version=$VERSION',
    'RUN addgroup -S app && adduser -S -G app app',
    'USER app',
  ],
  (rand) => [
    // Expansions, quotes, pipes, redirects and an if block: the fast path reads the first scripts,
    // tree-sitter the one with the redirect and the if.
    `FROM ubuntu:${pick(rand, ['22.04', '24.04'])} AS runtime`,
    'ARG APP_VERSION=2.1.0',
    'ENV APP_HOME=/opt/app PATH=/opt/app/bin:$PATH',
    'RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \\',
    '    && rm -rf /var/lib/apt/lists/*',
    'RUN curl -fsSL "https://example.com/app-${APP_VERSION}.tar.gz" | tar -xz -C /opt \\',
    '    && ln -s "/opt/app-${APP_VERSION}" "$APP_HOME"',
    'RUN echo "$APP_VERSION" > /etc/app-version && if [ ! -d /data ]; then mkdir -p /data; fi',
    'WORKDIR $APP_HOME',
  ],
  () => [
    'FROM maven:3.9-eclipse-temurin-21 AS jar',
    'WORKDIR /build',
    'COPY pom.xml .',
    'RUN mvn -B dependency:go-offline',
    'COPY src ./src',
    'RUN mvn -B package -DskipTests',
  ],
];

const FINAL = [
  'FROM gcr.io/distroless/static-debian13:nonroot',
  'COPY --from=build /out/app /app',
  'EXPOSE 8080',
  'USER nonroot:nonroot',
  'ENTRYPOINT ["/app"]',
];

/** A Dockerfile of about `lines` lines: stages drawn from the templates, then a runtime stage. */
export function generateDockerfile(lines, seed) {
  const rand = random(seed);
  const out = ['# syntax=docker/dockerfile:1', 'ARG BASE_REGISTRY=docker.io'];
  let stage = 0;
  while (out.length < lines - FINAL.length - 1) {
    const body = pick(rand, STAGES)(rand).slice();
    body[0] = body[0].replace(/ AS (\w+)$/, ` AS $1${stage++}`);
    out.push('', ...body);
  }
  out.push('', ...FINAL);
  return `${out.join("\n")}\n`;
}

/** The benchmark corpus: sizes from 20 to 2,000 lines. */
export function corpus() {
  const sizes = [20, 40, 80, 150, 300, 600, 1000, 2000];
  return sizes.flatMap((size, index) => [0, 1, 2].map((variant) => ({ name: `generated-${size}-${variant}`, text: generateDockerfile(size, index * 10 + variant + 1) })));
}
