import { ErrorCode } from '../core/error-table.js'
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../core/errors.js'
import type { HttpRequest } from './request.js'

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i

/**
 * Accepts `application/json` (and `application/*+json`), in UTF-8. A request without a
 * Content-Type is read as JSON, since many clients omit it; one that says it is something
 * else gets a 415 that tells how to fix the usual cause, curl's `-d` sending a form type.
 */
export function checkContentType(contentType: string | undefined): void {
  if (contentType === undefined || contentType.trim() === '') return
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim())
  const charset = parameters
    .map((parameter) => /^charset\s*=\s*"?([^"]*)"?$/i.exec(parameter)?.[1])
    .find((value) => value !== undefined)
  if (JSON_MEDIA_TYPE.test(mediaType) && (charset === undefined || /^utf-?8$/i.test(charset)))
    return
  throw new UnsupportedMediaTypeError(
    ErrorCode.UnsupportedMediaType,
    `Content-Type must be application/json in UTF-8, not "${contentType}". With curl, add -H 'Content-Type: application/json'.`,
  )
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * The request body as text, after the size check. Invalid UTF-8 is refused rather than
 * decoded with replacement characters, which would store something the client never sent.
 */
export function readBodyText(request: HttpRequest, maxBodyBytes: number): string {
  const { body } = request
  if (body === null || body === '') {
    throw new BadRequestError(
      ErrorCode.InvalidJson,
      'The request body is empty; send a JSON object such as {"operation": "ping"}.',
    )
  }
  const bytes = request.isBase64Encoded ? Buffer.from(body, 'base64') : undefined
  const size = bytes?.byteLength ?? Buffer.byteLength(body, 'utf8')
  if (size > maxBodyBytes) {
    throw new PayloadTooLargeError(
      ErrorCode.PayloadTooLarge,
      `The request body is ${size} bytes; the limit is ${maxBodyBytes} (MAX_BODY_BYTES). DynamoDB items are at most 400 KB.`,
    )
  }
  if (bytes === undefined) return body
  try {
    return strictUtf8.decode(bytes)
  } catch (error) {
    throw new BadRequestError(ErrorCode.InvalidJson, 'The request body is not valid UTF-8.', {
      cause: error,
    })
  }
}
