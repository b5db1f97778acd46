import { readFile } from 'node:fs/promises'
import type Stripe from 'stripe'

/** Marks the configuration this repo manages, so a push updates it instead of creating another. */
export const managedMetadataKey = 'portal_kit_config'

export interface PortalConfigFile extends Stripe.BillingPortal.ConfigurationCreateParams {
  /** Identifies the configuration among others (default "default"); stored in metadata. */
  key?: string
}

export interface PushResult {
  id: string
  action: 'created' | 'updated'
}

export async function readPortalConfigFile(path: string): Promise<PortalConfigFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new Error(`Cannot read portal config file ${path}.`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${path} must hold a JSON object.`)
  const config = value as PortalConfigFile
  if (typeof config.features !== 'object' || config.features === null) {
    throw new Error(`${path} needs a "features" object (Stripe's billing portal configuration features).`)
  }
  return config
}

/**
 * Creates or updates the billing portal configuration described by a file in the repo, so the
 * portal's features, plans and cancel mode are reviewed as code, not clicked in a dashboard.
 */
export async function pushPortalConfig(stripe: Stripe, file: PortalConfigFile): Promise<PushResult> {
  const { key = 'default', ...params } = file
  const metadata = { ...params.metadata, [managedMetadataKey]: key }
  for await (const existing of stripe.billingPortal.configurations.list({ limit: 100 })) {
    if (existing.metadata?.[managedMetadataKey] !== key) continue
    const updated = await stripe.billingPortal.configurations.update(existing.id, {
      ...(params as Stripe.BillingPortal.ConfigurationUpdateParams),
      metadata,
      active: true,
    })
    return { id: updated.id, action: 'updated' }
  }
  const created = await stripe.billingPortal.configurations.create({ ...params, metadata })
  return { id: created.id, action: 'created' }
}
