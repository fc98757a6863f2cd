// One PGlite instance is one backend session. The lender gives it to one client at a time and
// takes it back only when that client is idle outside a transaction, so transactions of
// different clients never interleave; other clients wait in arrival order.

export class Lender {
  #holder = null;
  #waiting = [];

  /** Asks for the instance; `session.lent()` is called (asynchronously) once it is the holder. */
  request(session) {
    if (this.#holder === session || this.#waiting.includes(session)) {
      return;
    }
    if (this.#holder === null) {
      this.#lend(session);
    } else {
      this.#waiting.push(session);
    }
  }

  /** Gives the instance back; the longest-waiting client gets it next. */
  release(session) {
    if (this.#holder !== session) {
      return;
    }
    this.#holder = null;
    const next = this.#waiting.shift();
    if (next !== undefined) {
      this.#lend(next);
    }
  }

  isHolder(session) {
    return this.#holder === session;
  }

  #lend(session) {
    this.#holder = session;
    // Not inline: the caller may be in the middle of handling another client's data.
    setImmediate(() => session.lent());
  }
}
