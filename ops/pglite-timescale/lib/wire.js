// PostgreSQL frontend/backend protocol 3.0 framing: just enough to split the client's byte
// stream into whole messages, build the few backend messages this server writes itself, and
// read the transaction status and command tags out of what the backend returned.

/** Startup-phase request codes (the int32 after the length of an untyped first message). */
export const PROTOCOL_3 = 196608;
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

/** Startup packets are small; anything larger is not a PostgreSQL client. */
const MAX_STARTUP_LENGTH = 10_000;

/**
 * Splits `buffer` into whole typed messages (type byte + int32 length + body).
 * @returns {{ messages: Buffer[], rest: Buffer }} the complete messages and the unconsumed tail.
 */
export function splitMessages(buffer) {
  const messages = [];
  let offset = 0;
  while (buffer.length - offset >= 5) {
    const length = buffer.readInt32BE(offset + 1);
    if (length < 4) {
      throw new Error(`invalid message length ${length}`);
    }
    const end = offset + 1 + length;
    if (end > buffer.length) {
      break;
    }
    messages.push(buffer.subarray(offset, end));
    offset = end;
  }
  return { messages, rest: buffer.subarray(offset) };
}

/**
 * Reads an untyped startup-phase packet (int32 length + int32 code + body).
 * @returns {{ code: number, body: Buffer, rest: Buffer } | null} null while incomplete.
 */
export function readStartupPacket(buffer) {
  if (buffer.length < 8) {
    return null;
  }
  const length = buffer.readInt32BE(0);
  if (length < 8 || length > MAX_STARTUP_LENGTH) {
    throw new Error(`invalid startup packet length ${length}`);
  }
  if (buffer.length < length) {
    return null;
  }
  return { code: buffer.readInt32BE(4), body: buffer.subarray(8, length), rest: buffer.subarray(length) };
}

/** The name/value pairs of a StartupMessage body (NUL-terminated strings, ending with an empty one). */
export function readStartupParameters(body) {
  const parameters = new Map();
  const parts = body.toString('utf8').split('\0');
  for (let i = 0; i + 1 < parts.length && parts[i] !== ''; i += 2) {
    parameters.set(parts[i], parts[i + 1]);
  }
  return parameters;
}

/** A typed message with the given body. */
export function message(type, body = Buffer.alloc(0)) {
  const out = Buffer.alloc(5 + body.length);
  out.write(type, 0, 'latin1');
  out.writeInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
}

export function cstring(text) {
  return Buffer.from(`${text}\0`, 'utf8');
}

function int32(value) {
  const out = Buffer.alloc(4);
  out.writeInt32BE(value);
  return out;
}

export const authenticationOk = () => message('R', int32(0));
export const parameterStatus = (name, value) => message('S', Buffer.concat([cstring(name), cstring(value)]));
export const backendKeyData = (processId, secret) => message('K', Buffer.concat([int32(processId), int32(secret)]));
export const readyForQuery = (status) => message('Z', Buffer.from(status, 'latin1'));
export const query = (sql) => message('Q', cstring(sql));
export const sync = () => message('S');
export const copyFail = (reason) => message('f', cstring(reason));

/** NegotiateProtocolVersion: the newest minor version served, and the `_pq_.` options not understood. */
export function negotiateProtocolVersion(minor, unknownOptions) {
  return message('v', Buffer.concat([int32(minor), int32(unknownOptions.length), ...unknownOptions.map(cstring)]));
}

/** A FATAL ErrorResponse for failures of this server itself (not of a statement). */
export function fatalError(sqlState, text) {
  return message('E', Buffer.concat([
    Buffer.from('S'), cstring('FATAL'),
    Buffer.from('V'), cstring('FATAL'),
    Buffer.from('C'), cstring(sqlState),
    Buffer.from('M'), cstring(text),
    Buffer.from([0]),
  ]));
}

/** The text of a NUL-terminated string at `offset` of a message body, and where it ends. */
export function readCString(buffer, offset) {
  const end = buffer.indexOf(0, offset);
  if (end < 0) {
    throw new Error('unterminated string in message');
  }
  return { text: buffer.toString('utf8', offset, end), next: end + 1 };
}

/**
 * Walks the backend messages in `output` (always whole messages: the backend writes them so).
 * @param {Buffer} output
 * @param {(type: string, start: number, end: number) => void} visit
 */
export function forEachBackendMessage(output, visit) {
  let offset = 0;
  while (offset + 5 <= output.length) {
    const end = offset + 1 + output.readInt32BE(offset + 1);
    visit(String.fromCharCode(output[offset]), offset, end);
    offset = end;
  }
}
