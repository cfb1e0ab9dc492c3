// The interactive API reference: Swagger UI (from swagger-ui-dist, no CDN) on the document
// this server generates. validatorUrl null: the default badge would call a public validator.
globalThis.SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: true,
})
