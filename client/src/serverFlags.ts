// Node flags the extension starts the language server with (the benchmark starts it the same way).
// A young generation of 1 MB per semi-space instead of V8's 16 MB: the server's garbage is short
// lived, so scavenges stay cheap, and its memory after 200 open Dockerfiles drops by ~35 MB
// (`npm run bench`). Other editors can pass the same flag: `node --max-semi-space-size=1 server.js --stdio`.
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];
