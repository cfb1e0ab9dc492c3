import { describe, expect, it } from 'vitest'
import { startTracing, tracingWanted } from '../../src/lambda/tracing-switch.js'
import { daemonUdpAddress } from '../../src/lambda/xray/daemon-socket.js'
import { sampledTraceContext } from '../../src/lambda/xray/trace-header.js'
import { recordingLog } from '../support/recording-log.js'

/** What Lambda sets for a function with active tracing, at init. */
const TRACED_LAMBDA = {
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  LAMBDA_TASK_ROOT: '/var/task',
  AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
}

describe('tracingWanted', () => {
  it('is on for a Lambda function given an X-Ray daemon', () => {
    expect(tracingWanted(TRACED_LAMBDA)).toBe(true)
  })

  it.each<[string, NodeJS.ProcessEnv]>([
    ['POWERTOOLS_TRACE_ENABLED is false', { POWERTOOLS_TRACE_ENABLED: 'FALSE' }],
    ['there is no daemon', { AWS_XRAY_DAEMON_ADDRESS: undefined }],
    ['not on Lambda', { AWS_EXECUTION_ENV: undefined, LAMBDA_TASK_ROOT: undefined }],
    ['in SAM', { AWS_SAM_LOCAL: 'true' }],
    ["in Amplify's mock", { AWS_EXECUTION_ENV: 'AWS_Lambda_amplify-mock' }],
  ])('is off when %s', (_, change) => {
    expect(tracingWanted({ ...TRACED_LAMBDA, ...change })).toBe(false)
  })
})

describe('startTracing', () => {
  it('serves untraced, and says why, when the daemon address cannot be read', () => {
    // Prepare
    const log = recordingLog()

    // Act
    const tracing = startTracing({ ...TRACED_LAMBDA, AWS_XRAY_DAEMON_ADDRESS: 'nowhere' }, log)

    // Assess
    expect(tracing).toBeUndefined()
    expect(log.entries).toEqual([
      expect.objectContaining({ level: 'warn', message: expect.stringContaining('host:port') }),
    ])
  })
})

describe('daemonUdpAddress', () => {
  it.each<[string, { host: string; port: number } | undefined]>([
    ['169.254.79.129:2000', { host: '169.254.79.129', port: 2000 }],
    ['tcp:127.0.0.1:2000 udp:127.0.0.2:2001', { host: '127.0.0.2', port: 2001 }],
    ['localhost:2000', { host: 'localhost', port: 2000 }],
    ['127.0.0.1', undefined],
    ['127.0.0.1:70000', undefined],
    ['tcp:127.0.0.1:2000 tcp:127.0.0.1:2001', undefined],
  ])('reads %j', (value, address) => {
    expect(daemonUdpAddress(value)).toEqual(address)
  })
})

describe('sampledTraceContext', () => {
  const root = '1-6a3f2c10-0123456789abcdef01234567'
  const parent = '89abcdef01234567'

  it('reads a sampled header, in any order of its fields', () => {
    expect(sampledTraceContext(`Sampled=1;Parent=${parent};Root=${root};Lineage=a:1`)).toEqual({
      traceId: root,
      parentId: parent,
    })
  })

  it.each([
    ['not sampled', `Root=${root};Parent=${parent};Sampled=0`],
    ['a deferred decision', `Root=${root};Parent=${parent};Sampled=?`],
    ['no parent', `Root=${root};Sampled=1`],
    ['a malformed trace id', `Root=1-xyz;Parent=${parent};Sampled=1`],
    ['a malformed parent id', `Root=${root};Parent=${parent}0;Sampled=1`],
    ['an empty header', ''],
  ])('gives nothing for %s', (_, header) => {
    expect(sampledTraceContext(header)).toBeUndefined()
  })
})
