import { STATUS_CODES } from 'node:http';

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifySchemaValidationError } from 'fastify/types/schema';

import { IpcError, IpcErrorCodes } from '../../ipc/errors';
import { WebError, WebErrorCodes } from '../errors';

/** Seconds a client should wait after a 503 from an unreachable bot. */
const BotRetryAfterSeconds = 5;

/**
 * Turn the first schema violation into a message that names the field, such as
 * `Invalid parameter "limit" in querystring: must be <= 100.` Fastify adds the 400 status and `validation`.
 */
export function formatSchemaErrors(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const first = errors[0];
  if (!first) return new Error(`Invalid ${dataVar}.`);

  const params = first.params;
  if (first.keyword === 'additionalProperties') {
    return new Error(`Unknown parameter "${String(params.additionalProperty)}" in ${dataVar}.`);
  }
  if (first.keyword === 'required') {
    return new Error(`Missing parameter "${String(params.missingProperty)}" in ${dataVar}.`);
  }

  const field = first.instancePath.replace(/^\//, '').replace(/\//g, '.') || dataVar;
  const allowed = Array.isArray(params.allowedValues) ? ` (${params.allowedValues.join(', ')})` : '';
  return new Error(
    `Invalid parameter "${field}" in ${dataVar}: ${first.message ?? 'invalid value'}${allowed}.`,
  );
}

/**
 * Send every error as `{ statusCode, code, error, message, requestId }`. 4xx errors keep their message and are
 * logged at info; 5xx errors are logged at error with the cause and get a message without internals.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const web = toWebError(error);
    if (web.statusCode >= 500) {
      request.log.error({ err: error, code: web.code, statusCode: web.statusCode }, 'request failed');
    } else {
      request.log.info(
        { code: web.code, statusCode: web.statusCode, reason: web.message },
        'request rejected',
      );
    }
    if (web.code === WebErrorCodes.BotUnavailable)
      void reply.header('retry-after', String(BotRetryAfterSeconds));
    return sendError(request, reply, web);
  });

  app.setNotFoundHandler((request, reply) => {
    const web = new WebError(
      404,
      WebErrorCodes.NotFound,
      `Route ${request.method} ${request.url} not found.`,
    );
    request.log.info({ code: web.code, statusCode: 404 }, 'route not found');
    return sendError(request, reply, web);
  });
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: WebError): FastifyReply {
  return reply.status(error.statusCode).send({
    statusCode: error.statusCode,
    code: error.code,
    error: STATUS_CODES[error.statusCode] ?? 'Error',
    message: error.message,
    requestId: request.id,
  });
}

/** Classify any thrown value as a WebError with a status, a stable code and a message safe to return. */
export function toWebError(error: FastifyError | Error): WebError {
  if (error instanceof WebError) return error;
  if (error instanceof IpcError) return fromIpcError(error);

  const statusCode = (error as FastifyError).statusCode ?? 500;
  if ('validation' in error && error.validation) {
    return new WebError(400, WebErrorCodes.InvalidParameter, error.message, { cause: error });
  }
  if (statusCode >= 400 && statusCode < 500) {
    return new WebError(statusCode, WebErrorCodes.BadRequest, error.message, { cause: error });
  }
  return new WebError(
    500,
    WebErrorCodes.Internal,
    'Internal server error; the log has the cause under this request id.',
    {
      cause: error,
    },
  );
}

function fromIpcError(error: IpcError): WebError {
  if (error.code === IpcErrorCodes.NotFound)
    return new WebError(404, WebErrorCodes.NotFound, error.message, { cause: error });
  if (error.code === IpcErrorCodes.BadRequest) {
    return new WebError(400, WebErrorCodes.BadRequest, error.message, { cause: error });
  }
  return new WebError(
    503,
    WebErrorCodes.BotUnavailable,
    `The bot did not answer (${error.code}). Try again in ${BotRetryAfterSeconds} seconds.`,
    { cause: error },
  );
}
