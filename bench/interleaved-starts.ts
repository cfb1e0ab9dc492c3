import { spawn } from 'node:child_process'
import { median } from './stats.js'

export interface StartCommand {
  readonly label: string
  readonly file: string
  readonly args: readonly string[]
}

export interface StartTimes {
  readonly label: string
  readonly medianMs: number
  /**
   * The median over the rounds of this command's time minus the first command's in the same
   * round: what it adds, with the machine's drift between rounds taken out.
   */
  readonly overFirstMs: number
}

/** Milliseconds from spawning a command to its exit, its output discarded; a failure throws. */
function timeOnce(command: StartCommand, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(command.file, command.args, { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      if (code === 0) resolve(ms)
      else reject(new Error(`${command.label} exited ${code}: ${stderr.slice(-500)}`))
    })
  })
}

/**
 * Start times of commands run in turns, one run of each per round, the order rotated each
 * round, after `warmups` untimed rounds. On a shared machine the speed drifts over a minute
 * by more than the differences measured here; hyperfine, which runs each command's runs one
 * after another, put the same bundle at +59 ms and at +90 ms over bare node in two runs
 * minutes apart. Taking turns gives every command the same drift, and a round's difference
 * to the first command (the baseline) leaves it out.
 */
export async function timeStartsInTurns(
  commands: readonly StartCommand[],
  { rounds, warmups, env }: { rounds: number; warmups: number; env: NodeJS.ProcessEnv },
): Promise<StartTimes[]> {
  for (let round = 0; round < warmups; round += 1)
    for (const command of commands) await timeOnce(command, env)
  const runs: number[][] = commands.map(() => [])
  for (let round = 0; round < rounds; round += 1) {
    for (let turn = 0; turn < commands.length; turn += 1) {
      const index = (turn + round) % commands.length
      runs[index]?.push(await timeOnce(commands[index] as StartCommand, env))
    }
  }
  const baseline = runs[0] ?? []
  return commands.map((command, index) => {
    const times = runs[index] ?? []
    return {
      label: command.label,
      medianMs: median(times),
      overFirstMs: median(times.map((ms, round) => ms - (baseline[round] ?? Number.NaN))),
    }
  })
}
