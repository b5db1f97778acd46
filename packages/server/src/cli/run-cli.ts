import { parseArgs } from 'node:util'
import { BillingError } from '../errors.js'
import { billingFromEnv, type Env, storeFromEnv, stripeFromEnv } from './billing-from-env.js'
import { pushPortalConfig, readPortalConfigFile } from './push-portal-config.js'

const usage = `Usage: portal-kit <command>

Commands:
  migrate                     create or upgrade the billing tables
  reconcile                   pull every customer and subscription from Stripe into the store
  status <accountId>          print an account's BillingStatus as JSON
  prune [--days <n>]          delete processed webhook event ids older than n days (default 30)
  portal-config push <file>   create or update the billing portal configuration from a JSON file

Environment:
  STRIPE_SECRET_KEY   Stripe secret key (any sk_test_ key with STRIPE_API_BASE)
  STRIPE_API_BASE     talk to a Stripe emulator at this URL instead of api.stripe.com
  DATABASE_URL        Postgres; without it the embedded PGlite store in .data/portal-kit`

export interface CliIo {
  out: (line: string) => void
  err: (line: string) => void
}

/** Runs one CLI command; returns the process exit code. */
export async function runCli(argv: readonly string[], env: Env, io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' }, days: { type: 'string' } },
  })
  const [command, ...rest] = positionals
  if (values.help || !command) {
    io.out(usage)
    return command || values.help ? 0 : 2
  }
  try {
    switch (command) {
      case 'migrate': {
        const store = storeFromEnv(env)
        try {
          await store.migrate()
          io.out('Billing tables are up to date.')
        } finally {
          await store.close()
        }
        return 0
      }
      case 'reconcile': {
        const store = storeFromEnv(env)
        try {
          await store.migrate()
          const report = await billingFromEnv(env, store).api.reconcile()
          io.out(JSON.stringify(report, null, 2))
        } finally {
          await store.close()
        }
        return 0
      }
      case 'prune': {
        const days = values.days === undefined ? undefined : Number(values.days)
        if (days !== undefined && !(Number.isFinite(days) && days >= 0)) {
          io.err('Usage: portal-kit prune [--days <n>] (n: a number of days, 0 or more)')
          return 2
        }
        const store = storeFromEnv(env)
        try {
          await store.migrate()
          const report = await billingFromEnv(env, store).api.pruneWebhookEvents({ olderThanDays: days })
          io.out(JSON.stringify(report, null, 2))
        } finally {
          await store.close()
        }
        return 0
      }
      case 'status': {
        const accountId = rest[0]
        if (!accountId) {
          io.err('Usage: portal-kit status <accountId>')
          return 2
        }
        const store = storeFromEnv(env)
        try {
          await store.migrate()
          io.out(JSON.stringify(await billingFromEnv(env, store).api.getStatus(accountId), null, 2))
        } finally {
          await store.close()
        }
        return 0
      }
      case 'portal-config': {
        const [action, file] = rest
        if (action !== 'push' || !file) {
          io.err('Usage: portal-kit portal-config push <file>')
          return 2
        }
        const result = await pushPortalConfig(stripeFromEnv(env), await readPortalConfigFile(file))
        io.out(`Portal configuration ${result.id} ${result.action}. Pass it as portalConfiguration: '${result.id}'.`)
        return 0
      }
      default:
        io.err(`Unknown command "${command}".\n\n${usage}`)
        return 2
    }
  } catch (error) {
    io.err(
      `portal-kit ${command}: ${error instanceof BillingError || error instanceof Error ? error.message : String(error)}`,
    )
    return 1
  }
}
