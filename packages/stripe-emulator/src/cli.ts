#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { startEmulator } from './start-emulator.js'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    port: { type: 'string', default: '12111' },
    host: { type: 'string', default: '127.0.0.1' },
    webhook: { type: 'string', multiple: true },
    'webhook-secret': { type: 'string', multiple: true },
    state: { type: 'string' },
    'business-name': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
})

if (values.help) {
  console.log(`Usage: stripe-emulator [--port 12111] [--host 127.0.0.1] [--webhook URL --webhook-secret whsec_...]... [--state FILE] [--business-name NAME]

A local, stateful Stripe API for the official stripe SDK:
  new Stripe('sk_test_anything', { host: '127.0.0.1', port: 12111, protocol: 'http' })`)
  process.exit(0)
}

const urls = values.webhook ?? []
const secrets = values['webhook-secret'] ?? []
if (secrets.length !== urls.length && !(secrets.length === 1 && urls.length >= 1)) {
  console.error('Give one --webhook-secret per --webhook (or a single secret for all of them).')
  process.exit(2)
}
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, got "${values.port}".`)
  process.exit(2)
}

const running = await startEmulator({
  port,
  host: values.host,
  stateFile: values.state,
  settings: values['business-name'] ? { businessName: values['business-name'] } : undefined,
  webhookEndpoints: urls.map((url, i) => ({ url, secret: (secrets[i] ?? secrets[0]) as string })),
})
console.log(`Stripe emulator listening on ${running.url}`)
for (const url of urls) console.log(`  sending signed webhooks to ${url}`)
if (values.state) console.log(`  state saved to ${values.state}`)

const stop = async () => {
  await running.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
