/**
 * Typed errors the domain throws; `api/errors.ts` maps each to its HTTP status in one
 * place. `details` goes to the client as is, so it must never hold internals.
 */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequest extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(400, 'bad_request', message, details);
  }
}

export class Unauthorized extends DomainError {
  constructor(message = 'Sign in to continue.') {
    super(401, 'unauthorized', message);
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'Your role does not allow this.') {
    super(403, 'forbidden', message);
  }
}

export class NotFound extends DomainError {
  constructor(what: string, id?: string) {
    super(404, 'not_found', id ? `${what} ${id} was not found.` : `${what} was not found.`);
  }
}

export class Conflict extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(409, 'conflict', message, details);
  }
}

export class PayloadTooLarge extends DomainError {
  constructor(message: string) {
    super(413, 'payload_too_large', message);
  }
}

/** Valid JSON with invalid values; `fields` names each bad field with its message. */
export class Invalid extends DomainError {
  constructor(message: string, readonly fields: Record<string, string> = {}) {
    super(422, 'invalid', message, { fields });
  }
}

export class TooManyRequests extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(429, 'too_many_requests', message, { retryAfterSeconds });
  }
}

export class ServiceUnavailable extends DomainError {
  /** `message` when the service answered but what stands behind it did not (e.g. no worker took a move). */
  constructor(service: string, message = `${service} is not reachable right now; try again shortly.`, details: Record<string, unknown> = {}) {
    super(503, 'service_unavailable', message, { service, ...details });
  }
}
