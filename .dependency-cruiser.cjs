// The project's layers, enforced: `npm run lint` runs dependency-cruiser with these rules on
// src/, infra/ and scripts/, and any violation fails it (and so CI). docs/architecture.md
// explains each layer and why its rules are what they are. Tests and benchmarks are free.

/**
 * The contract: what the server shares with its clients and the CDK app. The lossless JSON
 * codec, the error table, and the schemas (requests, answers, their examples, the answers'
 * headers, the table-name rule). It holds no server code, and a rule keeps it so.
 */
const CONTRACT =
  '^src/core/(codec/json|error-table|schema/(envelope|payloads|results|examples|response-headers|table-name|operation-names|plain-schemas[.]generated|schema-type))[.]ts$'

/**
 * The part of the contract that loads no schema library: all the published client and CLI
 * may take, so that an install of the package carries no TypeBox (docs/client.md).
 */
const PLAIN_CONTRACT =
  '^src/core/(codec/json|error-table|schema/(operation-names|plain-schemas[.]generated|schema-type|examples))[.]ts$'

/** The handler's metric names: what the function writes and the CDK app's alarms read. */
const METRIC_NAMES = '^src/service/metric-names[.]ts$'

/** Packages that tie code to a platform: AWS's SDK and runtime, the CDK, the embedded engine. */
const PLATFORM_PACKAGES =
  'node_modules/(@aws-sdk|@smithy|@aws-crypto|@aws-lambda-powertools|@types/aws-lambda|aws-cdk-lib|constructs|dynalite|level)/'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'contract-stays-contract',
      comment:
        'The contract is all the client, the CLI and the CDK app take from the server: it imports only the contract, so that none of them reaches server code through it.',
      severity: 'error',
      from: { path: CONTRACT },
      to: { path: '^src/', pathNot: CONTRACT },
    },
    {
      name: 'core-stays-inward',
      comment:
        'src/core is the domain and its ports: it knows nothing of the adapters around it (DynamoDB, HTTP, Lambda, the local stack), nor of the CDK app, scripts or tests. It may read the table declarations (src/table), which stand alone: `tables` answers them.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src/(?!core/|table/)|infra/|scripts/|bench/|test/)' },
    },
    {
      name: 'core-loads-no-platform',
      comment:
        "src/core loads no AWS SDK, Lambda or CDK code at run time. It may name the types of DynamoDB's own model (@aws-sdk/client-dynamodb, type-only, erased at build): docs/architecture.md says why.",
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: PLATFORM_PACKAGES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-types-only-from-the-dynamodb-model',
      comment:
        "The only platform types src/core may name are DynamoDB's request and answer shapes.",
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: PLATFORM_PACKAGES, pathNot: 'node_modules/@aws-sdk/client-dynamodb/' },
    },
    {
      name: 'core-no-io',
      comment:
        "src/core does no I/O of its own: sockets, files, processes and threads are the adapters'.",
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(http|https|http2|net|tls|dgram|fs|fs/promises|child_process|worker_threads|cluster)$',
      },
    },
    {
      name: 'only-the-composition-root-builds-the-adapter',
      comment:
        'The DynamoDB adapter is built by src/service/compose-service.ts (and the local stack, which also creates its table); everything else reaches DynamoDB through the ItemStore port.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(dynamodb|service|local)/' },
      to: { path: '^src/dynamodb/' },
    },
    {
      name: 'dynamodb-adapter-below-the-api',
      comment:
        "The DynamoDB adapter implements the core's ItemStore: it knows core and config, not the HTTP API or its hosts.",
      severity: 'error',
      from: { path: '^src/dynamodb/' },
      to: { path: '^src/(?!dynamodb/|core/|config/)' },
    },
    {
      name: 'http-api-knows-only-core',
      comment:
        'The HTTP API is a thin adapter over core: it knows neither Lambda nor the local gateway nor DynamoDB.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: ['^src/(?!http/|core/)', PLATFORM_PACKAGES] },
    },
    {
      name: 'lambda-adapter-above-http',
      comment:
        'The Lambda adapter turns events into HTTP API requests (or manager calls); the entry reaches DynamoDB only through the composition root.',
      severity: 'error',
      from: { path: '^src/lambda/' },
      to: { path: '^src/(?!lambda/|http/|core/|service/|config/)' },
    },
    {
      name: 'composition-root-serves-both-hosts',
      comment:
        'src/service wires the service for the Lambda entry and the local stack alike: it knows neither host. It reads the table definition for the key the health probe reads.',
      severity: 'error',
      from: { path: '^src/service/' },
      to: { path: '^src/(?!service/|core/|dynamodb/|http/|config/|table/)' },
    },
    {
      name: 'local-stack-not-client-side',
      comment:
        'The local stack hosts the server; the client, CLI and console talk to it over HTTP only.',
      severity: 'error',
      from: { path: '^src/local/' },
      to: { path: '^src/(client|cli|console)/' },
    },
    {
      name: 'client-no-server-code',
      comment:
        'The published client shares only the contract with the server (the JSON codec, the error table, the schemas), never server code such as the error classes.',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^src/(?!client/)', pathNot: CONTRACT },
    },
    {
      name: 'cli-client-side-only',
      comment:
        'The CLI calls the API through the client, and shares only the contract with the server.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/(?!cli/|client/)', pathNot: CONTRACT },
    },
    {
      name: 'console-client-only',
      comment: 'The browser console talks to the API through the typed client only.',
      severity: 'error',
      from: { path: '^src/console/' },
      to: { path: '^src/(?!console/|client/)' },
    },
    {
      name: 'openapi-from-the-schemas',
      comment: 'The OpenAPI document is built from the schemas and the error table only.',
      severity: 'error',
      from: { path: '^src/openapi/' },
      to: { path: '^src/(?!openapi/|core/schema/|core/error-table[.]ts$)' },
    },
    {
      name: 'config-reads-settings-only',
      comment:
        'Config reads the environment into typed settings; it may know the table definition and the table-name rule, nothing else.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/(?!config/|table/|core/schema/table-name[.]ts$)' },
    },
    {
      name: 'table-definition-stands-alone',
      comment:
        'The table definitions and their reader are shared by the handler, the local stack and the CDK app: they know only the table-name rule of the contract.',
      severity: 'error',
      from: { path: '^src/table/' },
      to: { path: '^src/(?!table/|core/schema/table-name[.]ts$)' },
    },
    {
      name: 'infra-shares-only-definitions',
      comment:
        "The CDK app takes from src only the table definition, the contract (schemas, error table), the config's readers and bounds, and the metrics' names (for alarms and dashboards); it bundles the Lambda entry by path, never imports it.",
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: '^src/', pathNot: ['^src/(table|config)/', CONTRACT, METRIC_NAMES] },
    },
    {
      name: 'metric-names-stand-alone',
      comment:
        'The CDK app may import the metric names: they import only the contract (the operation names), so that no server code reaches the CDK app through them.',
      severity: 'error',
      from: { path: METRIC_NAMES },
      to: { path: '^src/', pathNot: CONTRACT },
    },
    {
      name: 'src-not-to-tools',
      comment:
        'Shipped code does not import the CDK app, the scripts, the benchmarks or the tests.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(infra|scripts|bench|test)/' },
    },
    {
      name: 'published-code-takes-the-plain-contract',
      comment:
        'The published client and CLI take only the plain part of the contract (operation names, payload schemas as JSON, the codec, the error table): the schemas written with TypeBox are for the server, the CDK app and the generators.',
      severity: 'error',
      from: { path: '^src/(client|cli)/' },
      to: { path: CONTRACT, pathNot: PLAIN_CONTRACT },
    },
    {
      name: 'handler-loads-no-typebox',
      comment:
        'The handler (on Lambda and in the local stack) validates with the generated validators: at run time it loads neither TypeBox nor the schemas written with it, whose code would be parsed on every cold start. Their types are erased, so type-only imports are free.',
      severity: 'error',
      from: {
        path: '^src/(core|dynamodb|http|lambda|service|config|table)/',
        pathNot: '^src/core/schema/(payloads|results|envelope|examples)[.]ts$',
      },
      to: {
        path: [
          '^src/core/schema/(payloads|results|envelope|examples)[.]ts$',
          'node_modules/typebox/',
        ],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'published-code-uses-dependencies',
      comment:
        "The package's client and CLI (and the contract they share) run from an npm install, where only `dependencies` are present; their declarations name no other package either.",
      severity: 'error',
      from: { path: ['^src/(client|cli)/', PLAIN_CONTRACT] },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(src|infra|scripts)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      comment: 'Every package imported is one package.json names.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
