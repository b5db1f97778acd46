import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface EmulatorProcess {
  url: string
  close(): Promise<void>
}

/**
 * The Stripe emulator in a child process, so its CPU for one request's Stripe call does not land
 * in the time the bench's process measures for the other requests in flight.
 */
export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const script = fileURLToPath(new URL('./emulator-child.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'inherit'] })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the emulator process exited with ${code} before it started`)))
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      out += chunk
      const line = out.split('\n')[0]
      if (out.includes('\n') && line) resolve((JSON.parse(line) as { url: string }).url)
    })
  })
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.stdin.end()
      }),
  }
}
