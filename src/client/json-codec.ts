/**
 * The client's JSON: the contract's lossless codec, which parses answers keeping every digit.
 * The browser console takes it from here, as it takes everything of the API from the client.
 * Not part of the package's public API (index.ts), which exports LosslessNumber only.
 */
export {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  parseLosslessly,
} from '../core/codec/json.js'
