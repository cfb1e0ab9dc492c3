import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../src/local/console/routes.js'
import { openApiJson } from '../../src/openapi/document.js'
import {
  type LocalStackProcess,
  postManager,
  request,
  startLocalStackProcess,
} from '../support/local-stack-process.js'

describe('the console routes of the local gateway', () => {
  let stack: LocalStackProcess

  beforeAll(async () => {
    stack = await startLocalStackProcess()
  })

  afterAll(async () => {
    await stack?.stop('SIGKILL')
  })

  it.each([
    { path: '/', type: 'text/html; charset=utf-8', has: 'Explore items' },
    { path: '/docs', type: 'text/html; charset=utf-8', has: 'swagger-ui-bundle.js' },
    {
      path: '/console/app.js',
      type: 'text/javascript; charset=utf-8',
      has: 'DynamoDBManagerError',
    },
    { path: '/console/console.css', type: 'text/css; charset=utf-8', has: '.panel' },
    {
      path: '/console/swagger-ui/swagger-ui.css',
      type: 'text/css; charset=utf-8',
      has: 'swagger-ui',
    },
    {
      path: '/console/config.json',
      type: 'application/json; charset=utf-8',
      has: '{"apiKeyRequired":false}',
    },
  ])('serves $path as $type, under the content security policy', async ({ path, type, has }) => {
    // Act
    const answer = await request(new URL(path, stack.url))

    // Assess
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe(type)
    expect(answer.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff')
    // A boolean, not the body: a failure should not print a bundle.
    expect(answer.text.includes(has)).toBe(true)
  })

  it('serves the OpenAPI document that npm run openapi writes', async () => {
    const answer = await request(new URL('/openapi.json', stack.url))
    expect(answer.status).toBe(200)
    expect(answer.text).toBe(openApiJson())
  })

  it('loads nothing from elsewhere: every script and style of its pages is its own', async () => {
    for (const path of ['/', '/docs']) {
      const { text } = await request(new URL(path, stack.url))
      const sources = [...text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '')
      expect(sources.filter((source) => !source.startsWith('/'))).toEqual([])
    }
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'none'; script-src 'self';/)
  })

  it.each([
    '/console/..%2f..%2fpackage.json',
    '/console/..%2F..%2F..%2Fetc%2Fpasswd',
    '/console/%2e%2e%2f%2e%2e%2fpackage.json',
    '/console/public%5c..%5c..%5cpackage.json',
    '/console/swagger-ui/..%2fpackage.json',
    '/console/swagger-ui/index.html',
    '/console/main.ts',
    '/console/%00.css',
  ])('refuses %s: nothing outside its own files', async (path) => {
    // Act
    const answer = await request(new URL(path, stack.url))

    // Assess
    expect(answer.status).toBe(404)
    expect(answer.text).not.toContain('"name"')
    expect(answer.text).not.toContain('root:')
  })

  it('answers HEAD like GET, without a body', async () => {
    const answer = await request(new URL('/', stack.url), { method: 'HEAD' })
    expect(answer.status).toBe(200)
    expect(answer.text).toBe('')
    expect(Number(answer.headers.get('content-length'))).toBeGreaterThan(1000)
  })

  it("leaves the API's routes to the handler", async () => {
    // Act
    const ping = await postManager(stack.url, { operation: 'ping' })
    const health = await request(new URL('/Prod/health', stack.url))
    const postRoot = await request(new URL('/', stack.url), { method: 'POST', body: '{}' })

    // Assess
    expect(ping).toMatchObject({ status: 200, json: 'pong' })
    expect(health).toMatchObject({ status: 200, json: { status: 'ok' } })
    expect(postRoot).toMatchObject({ status: 404, json: { code: 'RouteNotFound' } })
  })
})
