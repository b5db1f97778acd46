// `pnpm demo`: the emulator (unless STRIPE_SECRET_KEY is set), the seed, the store and Next.js, until Ctrl-C.
import { parseArgs } from 'node:util'
import { DemoError, errorMessage, type RunningDemo, startDemo } from './start-demo'

const usage = `Usage: pnpm demo [--dev] [--port 3000] [--emulator-port 12111]`

async function main(): Promise<number> {
  let values: { dev?: boolean; port?: string; 'emulator-port'?: string; help?: boolean }
  try {
    values = parseArgs({
      options: {
        dev: { type: 'boolean' },
        port: { type: 'string' },
        'emulator-port': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (error) {
    console.error(`${errorMessage(error)}\n${usage}`)
    return 2
  }
  if (values.help) {
    console.log(usage)
    return 0
  }
  const port = Number(values.port ?? process.env.PORT ?? 3000)
  const emulatorPort = Number(values['emulator-port'] ?? 12111)
  if (!Number.isInteger(port) || !Number.isInteger(emulatorPort)) {
    console.error(`Ports must be whole numbers.\n${usage}`)
    return 2
  }

  const started = Date.now()
  let demo: RunningDemo
  try {
    demo = await startDemo({
      port,
      emulatorPort,
      mode: values.dev ? 'dev' : 'production',
      log: (line) => console.log(line),
    })
  } catch (error) {
    console.error(error instanceof DemoError ? error.message : `The demo could not start: ${errorMessage(error)}`)
    return 1
  }
  console.log(`\n  Acme Notes: ${demo.url}   (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`)
  if (demo.emulatorUrl) console.log(`  Stripe emulator: ${demo.emulatorUrl}`)
  console.log('  Press Ctrl-C to stop.\n')

  return new Promise<number>((resolve) => {
    let stopping = false
    const stop = async (code: number) => {
      if (stopping) return
      stopping = true
      await demo.stop()
      resolve(code)
    }
    process.once('SIGINT', () => void stop(0))
    process.once('SIGTERM', () => void stop(0))
    void demo.exited.then((reason) => {
      console.error(reason)
      void stop(1)
    })
  })
}

process.exitCode = await main()
// Nothing is left to wait for once the demo has stopped; don't let a stray timer hold the terminal.
process.exit()
