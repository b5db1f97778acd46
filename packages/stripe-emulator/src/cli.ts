#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { type ChaosSettingsChange, parseChaosSettings } from './events/chaos-settings.js'
import { generateWebhookSecret } from './events/webhook-signature.js'
import { StateFileError } from './server/state-file.js'
import { startEmulator } from './start-emulator.js'

const usage = `Usage: stripe-emulator [options]

A local, stateful Stripe API for the official stripe SDK:
  new Stripe('sk_test_anything', { host: '127.0.0.1', port: 12111, protocol: 'http' })

Options:
  --port N                   port to listen on (default 12111; 0 picks a free one)
  --host ADDRESS             interface to bind (default 127.0.0.1)
  --webhook URL              send every event, signed, to URL (repeatable)
  --webhook-secret whsec_... secret for the --webhook at the same position, or one for all
                             (default: a new secret, printed at start)
  --state FILE               load state from FILE at start and save every change to it
  --business-name NAME       name shown on the hosted checkout and portal pages
  --chaos k=v,...            webhook fault injection, e.g. duplicateRate=0.2,reorderRate=0.2,seed=42
                             (duplicateRate, delayRate, maxDelayMs, reorderRate, dropRate, seed)
  --allow-remote-controls    answer /_emulator/* from other machines too (e.g. inside Docker)
  -h, --help                 show this help`

function fail(message: string): never {
  console.error(`stripe-emulator: ${message}`)
  process.exit(2)
}

function parseChaosFlag(flag: string | undefined): ChaosSettingsChange {
  if (!flag) return {}
  const pairs = flag.split(',').map((pair) => pair.split('='))
  if (pairs.some((p) => p.length !== 2)) fail(`--chaos takes key=value pairs separated by commas, got "${flag}".`)
  try {
    return parseChaosSettings(Object.fromEntries(pairs))
  } catch (error) {
    fail(`--chaos: ${(error as Error).message}`)
  }
}

let values: ReturnType<typeof parse>
function parse() {
  return parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      port: { type: 'string', default: '12111' },
      host: { type: 'string', default: '127.0.0.1' },
      webhook: { type: 'string', multiple: true },
      'webhook-secret': { type: 'string', multiple: true },
      state: { type: 'string' },
      'business-name': { type: 'string' },
      chaos: { type: 'string' },
      'allow-remote-controls': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values
}
try {
  values = parse()
} catch (error) {
  fail(`${(error as Error).message}\n\n${usage}`)
}

if (values.help) {
  console.log(usage)
  process.exit(0)
}

const urls = values.webhook ?? []
const secrets = values['webhook-secret'] ?? []
if (secrets.length > 1 && secrets.length !== urls.length) {
  fail('Give one --webhook-secret per --webhook, or a single secret for all of them.')
}
const generatedSecret = urls.length > 0 && secrets.length === 0 ? generateWebhookSecret() : undefined
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`--port must be a number from 0 to 65535, got "${values.port}".`)
}
const chaos = parseChaosFlag(values.chaos)

let running: Awaited<ReturnType<typeof startEmulator>>
try {
  running = await startEmulator({
    port,
    host: values.host,
    stateFile: values.state,
    settings: values['business-name'] ? { businessName: values['business-name'] } : undefined,
    chaos: { ...chaos, seed: chaos.seed ?? undefined },
    allowRemoteControls: values['allow-remote-controls'] ?? false,
    webhookEndpoints: urls.map((url, i) => ({ url, secret: secrets[i] ?? secrets[0] ?? (generatedSecret as string) })),
  })
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code
  if (error instanceof StateFileError) console.error(`stripe-emulator: ${error.message}`)
  else if (code === 'EADDRINUSE') console.error(`stripe-emulator: port ${port} on ${values.host} is already in use.`)
  else console.error(`stripe-emulator: could not start: ${(error as Error).message}`)
  process.exit(1)
}

console.log(`Stripe emulator listening on ${running.url}`)
for (const url of urls) console.log(`  sending signed webhooks to ${url}`)
if (generatedSecret) console.log(`  webhook signing secret: ${generatedSecret}`)
if (values.state) console.log(`  state saved to ${values.state}`)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await running.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
