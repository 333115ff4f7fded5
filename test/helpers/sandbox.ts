// Preloaded with `node --require out/test/helpers/sandbox.js` into the CLI or the language server
// under test. Every way Node offers to reach the network, and with LAYERWISE_SANDBOX_PROCESSES=deny
// every way to start a program, appends one line to LAYERWISE_SANDBOX_LOG and throws, so a test
// can assert that nothing was attempted. Runs before the bundle loads: the bundle's `require`d
// modules are these patched objects.
import { appendFileSync } from 'node:fs';

const logPath = process.env.LAYERWISE_SANDBOX_LOG;

function blocked(what: string): never {
  if (logPath) appendFileSync(logPath, `${what}\n`);
  throw new Error(`sandbox: ${what} is not allowed`);
}

function deny(module: Record<string, unknown>, moduleName: string, names: readonly string[]): void {
  for (const name of names) {
    if (typeof module[name] !== 'function') continue;
    Object.defineProperty(module, name, { value: () => blocked(`${moduleName}.${name}`), writable: true, configurable: true });
  }
}

/* eslint-disable @typescript-eslint/no-require-imports -- the CommonJS module objects are what callers see */
const net = require('node:net');
deny(net, 'net', ['connect', 'createConnection']);
net.Socket.prototype.connect = () => blocked('net.Socket.connect');
deny(require('node:tls'), 'tls', ['connect']);
deny(require('node:http'), 'http', ['request', 'get']);
deny(require('node:https'), 'https', ['request', 'get']);
deny(require('node:http2'), 'http2', ['connect']);
deny(require('node:dgram'), 'dgram', ['createSocket']);
const DNS = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveSrv', 'resolveTxt', 'reverse'];
const dns = require('node:dns');
deny(dns, 'dns', DNS);
deny(dns.promises, 'dns.promises', DNS);
if (typeof globalThis.fetch === 'function') globalThis.fetch = () => blocked('fetch');
if (process.env.LAYERWISE_SANDBOX_PROCESSES === 'deny') {
  deny(require('node:child_process'), 'child_process', ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);
}
