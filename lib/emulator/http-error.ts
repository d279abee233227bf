import type { WireErrorBody } from '../catalogue/index';

/** A failure the emulator answers with an error body (thrown inside request handling only). */
export class EmulatorHttpError extends Error {
  override name = 'EmulatorHttpError';
  constructor(
    readonly status: number,
    readonly body: WireErrorBody,
  ) {
    super(typeof body.error === 'string' ? body.error : body.error.message);
  }
}

/** The official error envelope. */
export function errorBody(
  message: string,
  type: string,
  param: string | null = null,
  code: string | null = null,
): WireErrorBody {
  return { error: { message, type, param, code } };
}

/** A 400 `invalid_request_error` about one query parameter. */
export function badParam(param: string, message: string): EmulatorHttpError {
  return new EmulatorHttpError(400, errorBody(message, 'invalid_request_error', param));
}
