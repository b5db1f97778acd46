import type { FormObject } from '../http/decode-form.js'
import type { StoredPortalConfiguration } from '../portal/portal-configuration.js'
import type { PageMessages } from './locales/en.js'
import { escapeHtml } from './render-layout.js'

type AdjustableQuantity = { enabled: boolean; minimum: number; maximum: number | null }

/** The `adjustable_quantity` of the configured product that offers `price`, when it lets customers change it. */
export function adjustableQuantityFor(
  config: StoredPortalConfiguration,
  price: string,
): AdjustableQuantity | undefined {
  const entry = (config.features.subscription_update.products ?? []).find((p) => p.prices.includes(price))
  return entry?.adjustable_quantity.enabled ? entry.adjustable_quantity : undefined
}

/** A quantity input on the switch-plan form, shown when any configured product has an adjustable quantity. */
export function renderQuantityField(config: StoredPortalConfiguration, current: number, t: PageMessages): string {
  const adjustable = (config.features.subscription_update.products ?? [])
    .map((p) => p.adjustable_quantity)
    .filter((q) => q.enabled)
  if (adjustable.length === 0) return ''
  const min = Math.min(...adjustable.map((q) => q.minimum))
  const maxima = adjustable.map((q) => q.maximum)
  const max = maxima.includes(null) ? null : Math.max(...(maxima as number[]))
  return `<div class="field" data-slot="quantity">
<label for="quantity">${escapeHtml(t.switchPlan.quantity)}</label>
<input type="number" id="quantity" name="quantity" inputmode="numeric" min="${min}"${max === null ? '' : ` max="${max}"`} value="${current}" aria-describedby="quantity_hint">
<p class="hint muted" id="quantity_hint">${escapeHtml(t.switchPlan.quantityHint(min, max))}</p>
</div>`
}

/**
 * The quantity posted for `price`: the current one when the product's quantity is not adjustable or none was posted,
 * an error message when it is outside the product's minimum and maximum.
 */
export function readQuantity(
  config: StoredPortalConfiguration,
  form: FormObject,
  price: string,
  current: number,
  t: PageMessages,
): { ok: true; quantity: number } | { ok: false; message: string } {
  const adjustable = adjustableQuantityFor(config, price)
  const raw = typeof form.quantity === 'string' ? form.quantity.trim() : ''
  if (!adjustable || raw === '') return { ok: true, quantity: current }
  const quantity = Number(raw)
  const { minimum, maximum } = adjustable
  if (!/^\d+$/.test(raw) || quantity < minimum || (maximum !== null && quantity > maximum)) {
    return { ok: false, message: t.switchPlan.quantityInvalid(minimum, maximum) }
  }
  return { ok: true, quantity }
}
