import { describe, expect, it } from 'vitest'
import { billingMessageCount } from './billing-catalogs.js'
import { de } from './de.js'
import { en } from './en.js'
import { es } from './es.js'
import { fr } from './fr.js'
import { loadBillingMessages } from './load-billing-messages.js'
import { pl } from './pl.js'

describe('given a BCP 47 locale', () => {
  it('loads the catalog of its language', async () => {
    expect(await loadBillingMessages('de-AT')).toEqual(de)
    expect(await loadBillingMessages('fr_CA')).toEqual(fr)
    expect(await loadBillingMessages('ES')).toEqual(es)
    expect(await loadBillingMessages('pl')).toEqual(pl)
  })

  it('falls back to English for a language that does not ship, or a key of Object.prototype', async () => {
    expect(await loadBillingMessages('sv-SE')).toEqual(en)
    expect(await loadBillingMessages('constructor')).toEqual(en)
  })

  it('puts the overrides over the catalog', async () => {
    const messages = await loadBillingMessages('de', { manageBilling: 'Abo verwalten' })
    expect(messages.manageBilling).toBe('Abo verwalten')
    expect(messages.retry).toBe(de.retry)
  })
})

describe('given the shipped catalogs', () => {
  it('each has every message of English, and the provider knows how many make a whole catalog', () => {
    const keys = Object.keys(en).sort()
    expect(keys).toHaveLength(billingMessageCount)
    for (const catalog of [de, es, fr, pl]) expect(Object.keys(catalog).sort()).toEqual(keys)
  })
})
