#!/usr/bin/env node
// Test-only PostgreSQL wire server over one in-process PGlite instance with TimescaleDB.
//
// Usage: node server.js [port]   (or PGLITE_TIMESCALE_PORT; 0 or nothing picks a free port)
// Prints "ready <port>" on stdout once it accepts connections on 127.0.0.1.
import net from 'node:net';
import { Backend } from './lib/backend.js';
import { Lender } from './lib/lender.js';
import { Session } from './lib/session.js';

const requested = process.argv[2] ?? process.env.PGLITE_TIMESCALE_PORT ?? '0';
const port = Number.parseInt(requested, 10);
if (!Number.isInteger(port) || port < 0 || port > 65535 || String(port) !== requested.trim()) {
  process.stderr.write(`pglite-timescale: invalid port '${requested}'\n`);
  process.exit(64);
}

const started = Date.now();
const backend = await Backend.boot();
const lender = new Lender();
let nextId = 1;

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  new Session(socket, backend, lender, nextId++);
});
server.on('error', (error) => {
  process.stderr.write(`pglite-timescale: ${error.message}\n`);
  process.exit(69);
});
server.listen(port, '127.0.0.1', () => {
  process.stderr.write(`pglite-timescale: TimescaleDB ${backend.timescaleVersion} on PostgreSQL ${backend.parameters.get('server_version')}, booted in ${Date.now() - started} ms\n`);
  process.stdout.write(`ready ${server.address().port}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
