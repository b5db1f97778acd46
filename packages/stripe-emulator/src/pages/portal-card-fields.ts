import type { FormObject } from '../http/decode-form.js'
import { escapeHtml } from './render-layout.js'

export interface CardInput {
  number: string
  expMonth: number
  expYear: number
  cvc: string
}

export type CardFormResult = { ok: true; card: CardInput } | { ok: false; message: string; field: CardField }
export type CardField = 'card_number' | 'card_expiry' | 'card_cvc'

/**
 * Card number, expiry and CVC inputs shared by Checkout and the portal. `error` marks the field
 * the message is about; the message itself is rendered by the page in a `role="alert"` element
 * with id `form-error`.
 */
export function renderCardFields(options: {
  error?: CardField | undefined
  values?: Partial<Record<CardField, string>>
}) {
  const { error, values = {} } = options
  const invalid = (field: CardField, hint?: string) => {
    const describedBy = [error === field ? 'form-error' : '', hint ?? ''].filter(Boolean).join(' ')
    return `${error === field ? ' aria-invalid="true"' : ''}${describedBy ? ` aria-describedby="${describedBy}"` : ''}`
  }
  return `<fieldset class="card-fields">
<legend>Card information</legend>
<label for="card_number">Card number</label>
<input type="text" id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" required value="${escapeHtml(values.card_number ?? '')}"${invalid('card_number')}>
<div class="row">
<div>
<label for="card_expiry">Expiration date</label>
<input type="text" id="card_expiry" name="card_expiry" inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY" required value="${escapeHtml(values.card_expiry ?? '')}"${invalid('card_expiry', 'card_expiry_hint')}>
<p class="hint muted" id="card_expiry_hint">Month and year, e.g. 12 / 34</p>
</div>
<div>
<label for="card_cvc">Security code (CVC)</label>
<input type="text" id="card_cvc" name="card_cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC" required value="${escapeHtml(values.card_cvc ?? '')}"${invalid('card_cvc')}>
</div>
</div>
<p class="hint muted">Test mode: use 4242 4242 4242 4242 with any future date and any CVC; 4000 0000 0000 0002 is declined.</p>
</fieldset>`
}

/** Reads the card fields of a posted form with the checks a card form makes before sending it. */
export function readCardForm(form: FormObject, now = new Date()): CardFormResult {
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '')
  const number = text('card_number').replace(/[\s-]/g, '')
  if (!/^\d{12,19}$/.test(number)) {
    return { ok: false, field: 'card_number', message: 'Your card number is incomplete.' }
  }
  const expiry = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(text('card_expiry'))
  if (!expiry) return { ok: false, field: 'card_expiry', message: "Your card's expiration date is incomplete." }
  const expMonth = Number(expiry[1])
  const rawYear = Number(expiry[2])
  const expYear = rawYear < 100 ? 2000 + rawYear : rawYear
  if (expMonth < 1 || expMonth > 12) {
    return { ok: false, field: 'card_expiry', message: "Your card's expiration date is invalid." }
  }
  const currentMonth = now.getUTCFullYear() * 12 + now.getUTCMonth() + 1
  if (expYear * 12 + expMonth < currentMonth) {
    return { ok: false, field: 'card_expiry', message: "Your card's expiration date is in the past." }
  }
  const cvc = text('card_cvc').trim()
  if (!/^\d{3,4}$/.test(cvc))
    return { ok: false, field: 'card_cvc', message: "Your card's security code is incomplete." }
  return { ok: true, card: { number, expMonth, expYear, cvc } }
}

export function formString(form: FormObject, key: string): string | undefined {
  const value = form[key]
  return typeof value === 'string' ? value : undefined
}
