// The interactive API reference: Swagger UI (from swagger-ui-dist, no CDN) on the document
// this server generates. validatorUrl null: the default badge would call a public validator.

/** The titles of a oneOf's or anyOf's members, when every member has one. */
function memberTitles(schema) {
  const members = schema?.oneOf ?? schema?.anyOf
  if (!Array.isArray(members) || members.length === 0) return undefined
  const titles = members.map((member) => member?.title)
  return titles.every((title) => typeof title === 'string') ? titles : undefined
}

/**
 * Swagger UI writes the type of a oneOf or anyOf as its members' types: "(object | object |
 * …)", or "(any | any | …)" before it resolves their $refs, which tells the eight requests of
 * the API apart not at all. The document titles each member by its operation(s): the type
 * line shows those titles instead.
 */
const namedVariants = () => ({
  wrapComponents: {
    JSONSchema202012KeywordType: (Original, system) => (props) => {
      const titles = memberTitles(props.schema)
      if (titles === undefined) return system.React.createElement(Original, props)
      return system.React.createElement(
        'strong',
        { className: 'json-schema-2020-12__attribute json-schema-2020-12__attribute--primary' },
        `(${titles.join(' | ')})`,
      )
    },
  },
})

globalThis.SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  tryItOutEnabled: true,
  plugins: [namedVariants],
})
