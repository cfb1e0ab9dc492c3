import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'

/** The fuzz suite's run in `npm test`: every kind of hostile request, several times over. */
const FUZZ_RUNS_QUICK = '2000'
/** The stress project's run: the full 10,500 generated requests. */
const FUZZ_RUNS_FULL = '10500'

/** A project that takes the settings below (timeouts, env) and runs the files given. */
function project(
  name: string,
  include: string[],
  test: TestProjectInlineConfiguration['test'] = {},
): TestProjectInlineConfiguration {
  return { extends: true, test: { name, include, ...test } }
}

/** The files that drive the console in Chromium: the browser project's, not e2e's. */
const BROWSER_TESTS = ['test/e2e/console.test.ts', 'test/e2e/console-tables.test.ts']

/**
 * FUZZ_RUNS chooses the fuzz run's length; one set by the caller (to replay or widen a run)
 * wins over the project's.
 */
const fuzzRuns = (runs: string) => ({ FUZZ_RUNS: process.env.FUZZ_RUNS ?? runs })

export default defineConfig({
  test: {
    // End-to-end tests start the local stack as a child process; give them room.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    reporters: ['default'],
    // A file per core. vitest's default leaves a core free (one worker on 2 cores), but the
    // end-to-end files spend much of their time waiting on the stack or Chromium they start.
    maxWorkers: '100%',
    // `npm test` runs every project but stress; `npm run test:unit` (test:integration,
    // test:e2e, test:stress) or `npx vitest run --project <name>` runs one.
    projects: [
      project('unit', ['test/unit/**/*.test.ts']),
      // In-process, against a real dynalite or real sockets.
      project('integration', ['test/integration/**/*.test.ts']),
      // The local stack as a child process, through HTTP, the client and the CLI.
      project(
        'e2e',
        [
          'test/e2e/**/*.test.ts',
          'test/hostile/access.test.ts',
          'test/hostile/faults.test.ts',
          'test/hostile/fuzz.test.ts',
        ],
        { exclude: BROWSER_TESTS, env: fuzzRuns(FUZZ_RUNS_QUICK) },
      ),
      // The browser console in headless Chrome or Chromium (scripts/ensure-browser.ts finds it).
      project('browser', BROWSER_TESTS),
      // The CDK app, synthesized. Not isolated: each file would import aws-cdk-lib anew
      // (seconds of CPU), and the files share no state (each test synthesizes its own app).
      project('infra', ['test/infra/**/*.test.ts'], { isolate: false }),
      // Minutes of load: the 2-minute soak and the full fuzz run. One file at a time, after
      // every other project, so that the soak measures the gateway alone.
      project('stress', ['test/hostile/soak.test.ts', 'test/hostile/fuzz.test.ts'], {
        env: fuzzRuns(FUZZ_RUNS_FULL),
        maxWorkers: 1,
        sequence: { groupOrder: 1 },
      }),
    ],
  },
})
