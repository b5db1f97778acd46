import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { join } from 'node:path'

/** The environment of a machine with no billing secrets: what a CI or Docker build sees. */
export function environmentWithoutSecrets(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  for (const name of Object.keys(env)) {
    if (/^(STRIPE_|DATABASE_URL$|APP_URL$|CRON_SECRET$)/.test(name)) delete env[name]
  }
  delete env.NODE_ENV
  return env
}

/** Runs `next build` (Turbopack unless `--webpack`) and returns its output; rejects with the output on failure. */
export function nextBuild(appDir: string, args: readonly string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(appDir, 'node_modules/next/dist/bin/next'), 'build', ...args],
      { cwd: appDir, env: environmentWithoutSecrets(), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const output = `${stdout}\n${stderr}`
        if (error) reject(new Error(`next build ${args.join(' ')} failed:\n${output}`))
        else resolve(output)
      },
    )
  })
}

export interface RunningNextApp {
  url: string
  output(): string
  stop(): Promise<void>
}

/** `next start` on a port, resolved once it answers. */
export async function nextStart(appDir: string, port: number, env: NodeJS.ProcessEnv): Promise<RunningNextApp> {
  let output = ''
  const child: ChildProcess = spawn(
    process.execPath,
    [join(appDir, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port)],
    { cwd: appDir, env: { ...environmentWithoutSecrets(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output}`)
    try {
      await fetch(url, { redirect: 'manual' })
      break
    } catch {
      if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        // next start waits for open keep-alive connections on SIGTERM; don't let that hold the test.
        const kill = setTimeout(() => child.kill('SIGKILL'), 5_000)
        child.once('exit', () => {
          clearTimeout(kill)
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}
