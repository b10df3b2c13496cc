/** A requested record does not exist; adapters map it to the `not_found` error code. */
export class NotFoundError extends Error {
  readonly code = 'not_found';
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}
