import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const fixturesPath = fileURLToPath(new URL('../../../../fixtures/stripe/fixtures3.json', import.meta.url))
let fixtures: Record<string, Record<string, unknown>> | undefined

/** Stripe's own example object of a type from fixtures/stripe/fixtures3.json at the repo root (e.g. `subscription`, `billing_portal.session`). */
export function stripeFixture(type: string): Record<string, unknown> {
  fixtures ??= (
    JSON.parse(readFileSync(fixturesPath, 'utf8')) as { resources: Record<string, Record<string, unknown>> }
  ).resources
  const fixture = fixtures[type]
  if (!fixture) throw new Error(`No fixture for object type ${type}`)
  return fixture
}

/**
 * Top-level keys of Stripe's fixture for `type` that `object` lacks, ignoring the documented `omissions`
 * (each omission should carry its reason where it is declared).
 */
export function missingFixtureKeys(type: string, object: object, omissions: readonly string[] = []): string[] {
  return Object.keys(stripeFixture(type)).filter((key) => !(key in object) && !omissions.includes(key))
}
