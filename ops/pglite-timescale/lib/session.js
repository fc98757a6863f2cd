// One client connection. States:
//
//   startup  -- SSLRequest/GSSENCRequest answered 'N'; StartupMessage answered with trust
//               authentication, the instance's parameters and ReadyForQuery --> ready
//   ready    -- whole messages queue in `#pending`; the session asks the lender for the
//               instance and, once lent, passes them on one by one, holding the instance until
//               it is idle outside a transaction with nothing queued
//   copy-in  -- after a Query running COPY ... FROM STDIN: CopyData is buffered here until
//               CopyDone/CopyFail, then the query and all its data go to the instance in one
//               call (the WASM backend traps when a COPY waits for input across calls)
//   closed   -- the socket ended; once lent, the session ends any open transaction, drops its
//               prepared statements and gives the instance back
//
// All sessions share one backend session, so prepared statement and portal names get a
// per-connection prefix, and each session's startup settings (search_path, ...) are put in
// place whenever it takes the instance over from another.
import {
  CANCEL_REQUEST, GSSENC_REQUEST, PROTOCOL_3, SSL_REQUEST,
  authenticationOk, backendKeyData, copyFail, cstring, fatalError, forEachBackendMessage, message,
  negotiateProtocolVersion, parameterStatus, query, readCString, readStartupPacket,
  readStartupParameters, readyForQuery, splitMessages, sync,
} from './wire.js';

const COPY_FROM_STDIN = /^\s*copy\b[^;]*\bfrom\s+stdin\b[^;]*;?\s*$/i;
const MENTIONS_COPY_FROM_STDIN = /\bcopy\b[\s\S]*\bfrom\s+stdin\b/i;
// Any other COPY FROM STDIN would trap the instance: it fails as a statement instead.
const REFUSE_COPY_SQL =
  "DO $$BEGIN RAISE EXCEPTION 'pglite-timescale serves COPY FROM STDIN only as the sole statement of a simple Query'; END$$";
const PROBE_SAVEPOINT = 'pglite_timescale_copy_probe';
const EXTENDED = new Set(['P', 'B', 'D', 'C', 'E']);

export class Session {
  #socket;
  #backend;
  #lender;
  #id;
  #phase = 'startup';
  #input = Buffer.alloc(0);
  #pending = [];
  #holding = false;
  #status = 'I';
  #midBatch = false;
  #copy = null;
  #statements = new Set();
  parameters = new Map();

  constructor(socket, backend, lender, id) {
    this.#socket = socket;
    this.#backend = backend;
    this.#lender = lender;
    this.#id = id;
    socket.on('data', (data) => this.#receive(data));
    socket.on('close', () => this.#closed());
    socket.on('error', () => socket.destroy());
  }

  /** Called by the lender once this session holds the instance. */
  lent() {
    this.#holding = true;
    if (this.#phase === 'closed') {
      this.#cleanUp();
      return;
    }
    const refused = this.#backend.adopt(this);
    if (refused !== null) {
      this.#fail('22023', `session settings refused: ${refused}`);
      return;
    }
    this.#drain();
  }

  #receive(data) {
    this.#input = this.#input.length === 0 ? data : Buffer.concat([this.#input, data]);
    try {
      if (this.#phase === 'startup' && !this.#startUp()) {
        return;
      }
      if (this.#phase !== 'ready') {
        return;
      }
      const { messages, rest } = splitMessages(this.#input);
      this.#input = rest;
      if (messages.length === 0) {
        return;
      }
      this.#pending.push(...messages);
      if (this.#holding) {
        this.#drain();
      } else {
        this.#lender.request(this);
      }
    } catch (error) {
      this.#fail('08P01', String(error?.message ?? error));
    }
  }

  /** Handles startup packets; true once the session is ready for queries. */
  #startUp() {
    for (;;) {
      const packet = readStartupPacket(this.#input);
      if (packet === null) {
        return false;
      }
      this.#input = packet.rest;
      if (packet.code === SSL_REQUEST || packet.code === GSSENC_REQUEST) {
        this.#socket.write('N');
        continue;
      }
      if (packet.code === CANCEL_REQUEST) {
        // Nothing runs concurrently with a client that could be cancelled from outside.
        this.#socket.end();
        this.#phase = 'closed';
        return false;
      }
      if (packet.code >> 16 !== PROTOCOL_3 >> 16) {
        throw new Error(`unsupported protocol version ${packet.code >> 16}.${packet.code & 0xffff}`);
      }
      this.parameters = readStartupParameters(packet.body);
      const replies = [];
      const unknownOptions = [...this.parameters.keys()].filter((name) => name.startsWith('_pq_.'));
      if ((packet.code & 0xffff) !== 0 || unknownOptions.length > 0) {
        replies.push(negotiateProtocolVersion(0, unknownOptions));
      }
      replies.push(authenticationOk());
      for (const [name, value] of this.#backend.parameters) {
        replies.push(parameterStatus(name, name === 'application_name' ? this.parameters.get(name) ?? value : value));
      }
      replies.push(backendKeyData(this.#id, 0), readyForQuery('I'));
      this.#socket.write(Buffer.concat(replies));
      this.#phase = 'ready';
      return true;
    }
  }

  #drain() {
    while (this.#pending.length > 0 && this.#phase === 'ready') {
      const msg = this.#pending.shift();
      const type = String.fromCharCode(msg[0]);
      if (this.#copy !== null) {
        this.#copyMessage(type, msg);
      } else if (type === 'X') {
        this.#socket.end();
        return;
      } else if (type === 'Q') {
        const sql = readCString(msg, 5).text;
        if (COPY_FROM_STDIN.test(sql)) {
          this.#startCopy(msg);
        } else if (MENTIONS_COPY_FROM_STDIN.test(sql)) {
          this.#forward(query(REFUSE_COPY_SQL));
        } else {
          this.#forward(msg);
        }
      } else if (EXTENDED.has(type)) {
        this.#midBatch = true;
        this.#forward(this.#rename(type, msg));
      } else if (type === 'S') {
        this.#midBatch = false;
        this.#forward(msg);
      } else if (type === 'H') {
        this.#forward(msg);
      } else if (type !== 'd' && type !== 'c' && type !== 'f') {
        // CopyData/Done/Fail outside COPY are ignored, as the protocol says; anything else is not.
        this.#fail('08P01', `unexpected message type '${type}'`);
        return;
      }
    }
    if (this.#holding && this.#copy === null && !this.#midBatch && this.#status === 'I') {
      this.#holding = false;
      this.#lender.release(this);
    }
  }

  /** Passes messages to the instance and its reply to the client. */
  #forward(bytes) {
    this.#deliver(this.#backend.exec(bytes));
  }

  /** Sends the instance's reply to the client, tracking the transaction status. */
  #deliver(output) {
    let settingsLost = false;
    let ready = false;
    forEachBackendMessage(output, (type, start, end) => {
      if (type === 'Z') {
        this.#status = String.fromCharCode(output[start + 5]);
        ready = true;
      } else if (type === 'C') {
        const tag = output.toString('latin1', start + 5, end - 1);
        settingsLost ||= tag === 'DISCARD ALL' || tag === 'RESET';
      }
    });
    this.#socket.write(output);
    if (settingsLost) {
      const refused = this.#backend.restore(this, !ready);
      if (refused !== null) {
        this.#fail('22023', `session settings refused after reset: ${refused}`);
      }
    }
  }

  /**
   * Answers a COPY ... FROM STDIN with the instance's own CopyInResponse, learnt by starting the
   * COPY and failing it at once, inside a savepoint when a transaction is open.
   */
  #startCopy(queryMessage) {
    const probe = Buffer.concat([queryMessage, copyFail('probe')]);
    const inTransaction = this.#status === 'T';
    if (inTransaction) {
      this.#backend.exec(query(`SAVEPOINT ${PROBE_SAVEPOINT}`));
    }
    const output = this.#backend.exec(probe);
    if (inTransaction) {
      this.#backend.exec(query(`ROLLBACK TO SAVEPOINT ${PROBE_SAVEPOINT}; RELEASE SAVEPOINT ${PROBE_SAVEPOINT}`));
    }
    const copyInResponse = firstMessage(output, 'G');
    if (copyInResponse === null) {
      // The COPY failed before reading data (no table, aborted transaction, ...): run it for
      // real so the error and the transaction state are the client's own.
      if (inTransaction) {
        this.#forward(probe);
      } else {
        this.#deliver(output);
      }
      return;
    }
    this.#copy = { query: queryMessage, data: [] };
    this.#socket.write(copyInResponse);
  }

  #copyMessage(type, msg) {
    this.#copy.data.push(msg);
    if (type !== 'c' && type !== 'f') {
      return;
    }
    const { query: queryMessage, data } = this.#copy;
    this.#copy = null;
    // The client already has the CopyInResponse: the instance's second one is left out.
    const output = this.#backend.exec(Buffer.concat([queryMessage, ...data]));
    const again = firstMessage(output, 'G');
    if (again === null) {
      this.#deliver(output);
    } else {
      const start = again.byteOffset - output.byteOffset;
      this.#deliver(Buffer.concat([output.subarray(0, start), output.subarray(start + again.length)]));
    }
  }

  /** Prefixes statement and portal names with this connection's id. */
  #rename(type, msg) {
    const body = msg.subarray(5);
    const names = [];
    let offset = 0;
    if (type === 'P') {
      names.push('S');
    } else if (type === 'B') {
      names.push('P', 'S');
    } else if (type === 'E') {
      names.push('P');
    } else {
      names.push(String.fromCharCode(body[0]));
      offset = 1;
    }
    const parts = type === 'D' || type === 'C' ? [body.subarray(0, 1)] : [];
    for (const kind of names) {
      const { text, next } = readCString(body, offset);
      offset = next;
      parts.push(cstring(text === '' ? '' : `c${this.#id}_${text}`));
      if (kind === 'S' && text !== '') {
        if (type === 'P') {
          this.#statements.add(`c${this.#id}_${text}`);
        } else if (type === 'C') {
          this.#statements.delete(`c${this.#id}_${text}`);
        }
      }
    }
    if (type === 'P') {
      const statement = readCString(body, offset);
      const sql = MENTIONS_COPY_FROM_STDIN.test(statement.text) ? REFUSE_COPY_SQL : statement.text;
      parts.push(cstring(sql));
      offset = statement.next;
    }
    parts.push(body.subarray(offset));
    return message(type, Buffer.concat(parts));
  }

  #closed() {
    if (this.#phase === 'closed' && !this.#holding) {
      return;
    }
    this.#phase = 'closed';
    this.#pending = [];
    this.#copy = null;
    if (this.#holding) {
      this.#cleanUp();
    } else if (this.#statements.size > 0) {
      this.#lender.request(this);
    }
  }

  /** Leaves the instance as if this client had never connected, then gives it back. */
  #cleanUp() {
    if (this.#midBatch) {
      this.#backend.exec(sync());
    }
    if (this.#status !== 'I' || this.#midBatch) {
      this.#backend.exec(query('ROLLBACK'));
    }
    if (this.#statements.size > 0) {
      const closes = [...this.#statements].map((name) => message('C', Buffer.concat([Buffer.from('S'), cstring(name)])));
      this.#backend.exec(Buffer.concat([...closes, sync()]));
    }
    this.#statements.clear();
    this.#backend.forget(this);
    this.#holding = false;
    this.#lender.release(this);
  }

  #fail(sqlState, text) {
    if (!this.#socket.destroyed) {
      this.#socket.end(fatalError(sqlState, text));
    }
    this.#closed();
  }
}

/** The first backend message of `type` in `output`, or null. */
function firstMessage(output, type) {
  let found = null;
  forEachBackendMessage(output, (t, start, end) => {
    if (t === type && found === null) {
      found = output.subarray(start, end);
    }
  });
  return found;
}
