// Node flags the extension starts the language server with (the benchmark starts it the same way).
// A young generation of 1 MB per semi-space instead of V8's 16 MB: the server's garbage is short
// lived, so scavenges stay cheap, and its memory after opening 200 Dockerfiles drops from ~127 to
// ~101 MB. The price is ~10% on the p50 of a 2,000-line document's re-analysis (100 vs 90 ms),
// none measurable at 200 lines. Other editors can pass the same flag:
// `node --max-semi-space-size=1 server.js --stdio`.
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];
