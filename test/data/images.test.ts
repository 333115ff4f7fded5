// The base image table: facts per reference, version-strict candidates, presentation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  debugVariant, describeChoice, dotnetHasAppUser, imageFacts, imageFactsOf, interpreterOf, isEndOfLife, runtimeCandidates, shipsTool, SIZES,
  versionsMatch, type Language,
} from '../../server/src/core/data/images';
import { parseImageName } from '../../server/src/core/model/image';

const references = (list: { reference: string }[]) => list.map((item) => item.reference);

describe('imageFacts', () => {
  it('reads official language images with their variant, libc and version', () => {
    const slim = imageFactsOf('python:3.12-slim-bookworm')!;
    assert.equal(slim.variant, 'slim');
    assert.equal(slim.libc, 'glibc');
    assert.equal(slim.packageManager, 'apt');
    assert.deepEqual(slim.runtime, { language: 'python', version: '3.12' });
    const alpine = imageFactsOf('node:22-alpine3.22')!;
    assert.deepEqual([alpine.variant, alpine.libc, alpine.packageManager, alpine.shell], ['alpine', 'musl', 'apk', true]);
    assert.equal(imageFactsOf('python:3.12')!.variant, 'full');
    assert.equal(imageFactsOf('docker.io/library/python:3.12.4')!.runtime!.version, '3.12.4');
    assert.equal(imageFactsOf('golang:1.22')!.toolchain, true);
    assert.deepEqual(imageFactsOf('maven:3.9-eclipse-temurin-21')!.runtime, { language: 'java', version: '21' });
    assert.deepEqual(imageFactsOf('gradle:8.10-jdk17')!.runtime, { language: 'java', version: '17' });
    const jre = imageFactsOf('eclipse-temurin:21-jre')!;
    assert.equal(jre.toolchain, false);
    assert.ok(jre.compressedMB < imageFactsOf('eclipse-temurin:21')!.compressedMB);
    assert.equal(imageFactsOf('python:3.12-windowsservercore'), null);
    assert.equal(imageFactsOf('myorg/python:3.12'), null);
  });

  it('reads .NET images on mcr.microsoft.com, chiseled ones as shell-less and non-root', () => {
    const chiseled = imageFactsOf('mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled')!;
    assert.deepEqual([chiseled.variant, chiseled.shell, chiseled.nonRoot], ['distroless', false, true]);
    assert.equal(imageFactsOf('mcr.microsoft.com/dotnet/sdk:10.0')!.toolchain, true);
    assert.equal(imageFactsOf('mcr.microsoft.com/dotnet/runtime:10.0-alpine')!.libc, 'musl');
  });

  it('reads distroless names on both Debian releases, unsuffixed = debian13', () => {
    const python13 = imageFactsOf('gcr.io/distroless/python3-debian13:nonroot')!;
    assert.deepEqual(python13.runtime, { language: 'python', version: '3.13' });
    assert.deepEqual([python13.shell, python13.nonRoot, python13.endOfLife], [false, true, undefined]);
    assert.deepEqual(python13.entrypoint, ['python3']);
    assert.equal(imageFactsOf('gcr.io/distroless/python3-debian12')!.runtime!.version, '3.11');
    assert.equal(imageFactsOf('gcr.io/distroless/python3')!.runtime!.version, '3.13');
    assert.deepEqual(imageFactsOf('gcr.io/distroless/nodejs24-debian13')!.runtime, { language: 'node', version: '24' });
    assert.deepEqual(imageFactsOf('gcr.io/distroless/java25-debian13')!.runtime, { language: 'java', version: '25' });
    const debug = imageFactsOf('gcr.io/distroless/base-debian13:debug-nonroot')!;
    assert.deepEqual([debug.shell, debug.nonRoot], [true, true]);
    assert.equal(imageFactsOf('gcr.io/distroless/static-debian13:nonroot-arm64')!.deprecatedTag, undefined);
    assert.equal(imageFactsOf('gcr.io/distroless/static-debian13')!.libc, null);
    assert.equal(imageFactsOf('gcr.io/distroless/unknown-debian13'), null);
  });

  it('knows what distroless no longer publishes and when debian12 support ends', () => {
    const removed = imageFactsOf('gcr.io/distroless/nodejs20-debian12')!;
    assert.equal(removed.endOfLife!.unpublished, true);
    assert.equal(removed.endOfLife!.successor, 'gcr.io/distroless/nodejs24-debian13:latest');
    assert.equal(imageFactsOf('gcr.io/distroless/nodejs22-debian12:nonroot')!.endOfLife!.successor, 'gcr.io/distroless/nodejs22-debian13:nonroot');
    const base = imageFactsOf('gcr.io/distroless/cc-debian12:debug')!;
    assert.deepEqual(base.endOfLife, { date: '2026-09-30', successor: 'gcr.io/distroless/cc-debian13:debug' });
    assert.ok(isEndOfLife(base, '2026-11-22'));
    assert.ok(!isEndOfLife(base, '2026-06-01'));
    assert.deepEqual(imageFactsOf('gcr.io/distroless/base:latest-2023')!.deprecatedTag, { successor: 'latest' });
    assert.equal(imageFactsOf('gcr.io/distroless/java:11')!.runtime!.version, '11');
  });

  it('knows language and distribution lifecycles', () => {
    const eol = (reference: string) => isEndOfLife(imageFactsOf(reference)!, '2026-11-22');
    for (const reference of ['python:3.9-slim', 'python:3.10', 'node:20-alpine', 'node:18', 'golang:1.24', 'golang:1.22-alpine', 'debian:bullseye-slim', 'ubuntu:20.04', 'alpine:3.21', 'mcr.microsoft.com/dotnet/aspnet:8.0', 'python:3.12-slim-bullseye', 'eclipse-temurin:24-jre']) {
      assert.ok(eol(reference), reference);
    }
    for (const reference of ['python:3.12', 'node:22', 'node:24-slim', 'golang:1.26', 'debian:trixie-slim', 'ubuntu:24.04', 'alpine:3.22', 'mcr.microsoft.com/dotnet/aspnet:10.0', 'eclipse-temurin:21-jre', 'python:3']) {
      assert.ok(!eol(reference), reference);
    }
    assert.equal(imageFactsOf('python:3.9-slim')!.endOfLife!.successor, 'python:3.13-slim');
  });

  it('reads Chainguard free images; version tags are not in the free tier', () => {
    const python = imageFactsOf('cgr.dev/chainguard/python:latest')!;
    assert.deepEqual([python.family, python.shell, python.nonRoot, python.runtime!.version], ['chainguard', false, true, 'latest']);
    const dev = imageFactsOf('cgr.dev/chainguard/python:latest-dev')!;
    assert.deepEqual([dev.shell, dev.packageManager, dev.entrypoint], [true, 'apk', undefined]);
    assert.deepEqual(imageFactsOf('cgr.dev/chainguard/node:22')!.deprecatedTag, { successor: 'latest' });
    assert.equal(imageFactsOf('cgr.dev/chainguard/static')!.variant, 'static');
  });

  it('has a dated, sourced size for every entry and for scratch', () => {
    for (const [key, row] of Object.entries(SIZES)) {
      assert.ok(row.mb >= 0 && row.mb < 1000, key);
      assert.match(row.date, /^\d{4}-\d{2}$/, key);
      assert.ok(row.source.length > 0, key);
    }
    assert.equal(imageFacts(parseImageName('scratch'))!.family, 'scratch');
  });
});

describe('runtimeCandidates', () => {
  it('never offers another Python version', () => {
    const list = runtimeCandidates({ language: 'python', version: '3.12' });
    assert.deepEqual(references(list), ['python:3.12-slim', 'python:3.12-alpine']);
    assert.match(list[1].caveat!, /musl/);
    assert.ok(references(runtimeCandidates({ language: 'python', version: '3.13' })).includes('gcr.io/distroless/python3-debian13:nonroot'));
    // `python:3` floats: not precise enough to match distroless's 3.13.
    assert.ok(!references(runtimeCandidates({ language: 'python', version: '3' })).some((reference) => reference.includes('distroless')));
    assert.ok(references(runtimeCandidates({ language: 'python' })).includes('cgr.dev/chainguard/python:latest'));
  });

  it('offers distroless nodejs and java only for published versions', () => {
    assert.equal(runtimeCandidates({ language: 'node', version: '22.11.0' })[0].reference, 'gcr.io/distroless/nodejs22-debian13:nonroot');
    assert.deepEqual(references(runtimeCandidates({ language: 'node', version: '20' })), ['node:20-slim', 'node:20-alpine']);
    assert.equal(runtimeCandidates({ language: 'java', version: '21' })[0].reference, 'gcr.io/distroless/java21-debian13:nonroot');
    assert.ok(!references(runtimeCandidates({ language: 'java', version: '11' })).some((reference) => reference.includes('distroless')));
    assert.deepEqual(references(runtimeCandidates({ language: 'java', version: '11' })), ['eclipse-temurin:11-jre', 'eclipse-temurin:11-jre-alpine']);
  });

  it('offers static images for static binaries and glibc ones otherwise', () => {
    assert.deepEqual(references(runtimeCandidates({ language: 'go', staticBinary: true })),
      ['gcr.io/distroless/static-debian13:nonroot', 'cgr.dev/chainguard/static:latest', 'scratch', 'alpine:3.22']);
    assert.deepEqual(references(runtimeCandidates({ language: 'rust' })),
      ['gcr.io/distroless/cc-debian13:nonroot', 'cgr.dev/chainguard/cc-dynamic:latest', 'debian:trixie-slim']);
    assert.deepEqual(references(runtimeCandidates({ language: 'go', staticBinary: false, libc: 'musl' })), ['alpine:3.22']);
    assert.deepEqual(references(runtimeCandidates({ language: 'go', staticBinary: true, needsShell: true })), ['alpine:3.22']);
  });

  it('offers .NET aspnet/runtime of the same version, chiseled first', () => {
    const list = references(runtimeCandidates({ language: 'dotnet', version: '8.0' }));
    assert.deepEqual(list, ['mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled', 'mcr.microsoft.com/dotnet/aspnet:8.0-alpine', 'mcr.microsoft.com/dotnet/aspnet:8.0', 'mcr.microsoft.com/dotnet/runtime:8.0-noble-chiseled']);
  });

  it('every candidate has facts whose version equals the query', () => {
    const queries: { language: Language; version: string }[] = [
      { language: 'python', version: '3.11' }, { language: 'python', version: '3.13' }, { language: 'node', version: '24' },
      { language: 'java', version: '17' }, { language: 'java', version: '25' }, { language: 'dotnet', version: '10.0' },
    ];
    for (const query of queries) {
      for (const candidate of runtimeCandidates(query)) {
        assert.ok(versionsMatch(query.language, candidate.facts.runtime!.version, query.version), `${candidate.reference} for ${query.language} ${query.version}`);
      }
    }
  });
});

describe('describeChoice and debugVariant', () => {
  it('shows size, saving and the facts that matter', () => {
    const [slim] = runtimeCandidates({ language: 'python', version: '3.12' });
    const choice = describeChoice(slim, imageFactsOf('python:3.12'));
    assert.equal(choice.reference, 'python:3.12-slim');
    assert.equal(choice.description, '≈ 45 MB (saves ≈ 345 MB vs python:3.12)');
    assert.equal(choice.detail, 'shell · glibc · Python 3.12 · runs as root');
    const distroless = runtimeCandidates({ language: 'python', version: '3.13' })[1];
    assert.match(describeChoice(distroless, null).detail, /^no shell · glibc · Python 3\.13 · runs as nonroot · /);
    assert.equal(describeChoice(distroless, null).description, '≈ 22 MB');
  });

  it('maps distroless and Chainguard references to their shell variant', () => {
    assert.equal(debugVariant('gcr.io/distroless/python3-debian13:nonroot'), 'gcr.io/distroless/python3-debian13:debug-nonroot');
    assert.equal(debugVariant('gcr.io/distroless/static-debian13'), 'gcr.io/distroless/static-debian13:debug');
    assert.equal(debugVariant('cgr.dev/chainguard/node:latest'), 'cgr.dev/chainguard/node:latest-dev');
    assert.equal(debugVariant('gcr.io/distroless/static-debian13:debug'), null);
    assert.equal(debugVariant('python:3.12-slim'), null);
  });
});

describe('successors, .NET tags and shipped programs', () => {
  it('names a whole successor tag for an end-of-life distribution release, never a bare release', () => {
    const successor = (reference: string) => imageFactsOf(reference)?.endOfLife?.successor;
    assert.equal(successor('node:22-bullseye'), 'node:22-trixie');
    assert.equal(successor('python:3.13-alpine3.20'), 'python:3.13-alpine3.22');
    assert.equal(successor('python:bullseye'), 'python:trixie');
    // Both the language version and the release are end-of-life: both move.
    assert.equal(successor('node:20-bullseye-slim'), 'node:24-trixie-slim');
    assert.equal(successor('eclipse-temurin:21-jre-focal'), 'eclipse-temurin:21-jre-noble');
    assert.equal(successor('mcr.microsoft.com/dotnet/aspnet:6.0-jammy-chiseled'), 'mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled');
  });

  it('offers only .NET chiseled tags that exist', () => {
    const dotnet = (version: string) => references(runtimeCandidates({ language: 'dotnet', version }));
    assert.deepEqual(dotnet('6.0').filter((reference) => reference.includes('chiseled')), [
      'mcr.microsoft.com/dotnet/aspnet:6.0-jammy-chiseled', 'mcr.microsoft.com/dotnet/runtime:6.0-jammy-chiseled',
    ]);
    assert.ok(dotnet('7.0').every((reference) => !reference.includes('noble')));
    assert.ok(dotnet('3.1').every((reference) => !reference.includes('chiseled')));
    assert.ok(dotnet('5.0').every((reference) => !reference.includes('chiseled')));
    assert.ok(dotnet('8.0').includes('mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled'));
  });

  it('knows which .NET images define the app user', () => {
    assert.equal(dotnetHasAppUser(imageFactsOf('mcr.microsoft.com/dotnet/aspnet:6.0')!), false);
    assert.equal(dotnetHasAppUser(imageFactsOf('mcr.microsoft.com/dotnet/runtime:7.0-alpine')!), false);
    assert.equal(dotnetHasAppUser(imageFactsOf('mcr.microsoft.com/dotnet/aspnet:8.0')!), true);
    assert.equal(dotnetHasAppUser(imageFactsOf('mcr.microsoft.com/dotnet/aspnet:6.0-jammy-chiseled')!), true);
  });

  it('knows where each image keeps its interpreter and which tools it ships', () => {
    assert.deepEqual(interpreterOf(imageFactsOf('gcr.io/distroless/nodejs22-debian13:nonroot')!), { language: 'node', path: '/nodejs/bin/node', commands: [], paths: ['/nodejs/bin/node'] });
    const python = interpreterOf(imageFactsOf('gcr.io/distroless/python3-debian13')!)!;
    assert.equal(python.path, '/usr/bin/python3');
    assert.ok(!python.commands.includes('python') && !python.paths.includes('/usr/local/bin/python'));
    assert.ok(interpreterOf(imageFactsOf('python:3.13-slim')!)!.paths.includes('/usr/local/bin/python'));
    assert.equal(interpreterOf(imageFactsOf('mcr.microsoft.com/dotnet/runtime-deps:8.0')!)!.path, null);
    assert.equal(shipsTool(imageFactsOf('gcr.io/distroless/static-debian13')!, 'wget'), false);
    assert.equal(shipsTool(imageFactsOf('node:22-slim')!, 'curl'), false);
    assert.equal(shipsTool(imageFactsOf('alpine:3.22')!, 'wget'), true);
    assert.equal(shipsTool(imageFactsOf('node:22')!, 'curl'), true);
  });
});
