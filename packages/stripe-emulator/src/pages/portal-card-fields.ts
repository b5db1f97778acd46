import type { FormObject } from '../http/decode-form.js'
import type { StripeApiError } from '../http/stripe-api-error.js'
import type { PageMessages } from './locales/en.js'
import { escapeHtml } from './render-layout.js'

export interface CardInput {
  number: string
  expMonth: number
  expYear: number
  cvc: string
}

export type CardProblem = keyof PageMessages['card']['problems']
export type CardFormResult = { ok: true; card: CardInput } | { ok: false; problem: CardProblem; field: CardField }
export type CardField = 'card_number' | 'card_expiry' | 'card_cvc'

/**
 * Card number, expiry and CVC inputs shared by Checkout and the portal. `error` marks the field
 * the message is about; the message itself is rendered by the page in a `role="alert"` element
 * with id `form-error`.
 */
export function renderCardFields(options: {
  t: PageMessages
  error?: CardField | undefined
  values?: Partial<Record<CardField, string>>
}) {
  const { error, values = {} } = options
  const t = options.t.card
  const invalid = (field: CardField, hint?: string) => {
    const describedBy = [error === field ? 'form-error' : '', hint ?? ''].filter(Boolean).join(' ')
    return `${error === field ? ' aria-invalid="true"' : ''}${describedBy ? ` aria-describedby="${describedBy}"` : ''}`
  }
  return `<fieldset class="card-fields">
<legend>${escapeHtml(t.legend)}</legend>
<label for="card_number">${escapeHtml(t.number)}</label>
<input type="text" id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" required value="${escapeHtml(values.card_number ?? '')}"${invalid('card_number')}>
<div class="row">
<div>
<label for="card_expiry">${escapeHtml(t.expiry)}</label>
<input type="text" id="card_expiry" name="card_expiry" inputmode="numeric" autocomplete="cc-exp" placeholder="${escapeHtml(t.expiryPlaceholder)}" required value="${escapeHtml(values.card_expiry ?? '')}"${invalid('card_expiry', 'card_expiry_hint')}>
<p class="hint muted" id="card_expiry_hint">${escapeHtml(t.expiryHint)}</p>
</div>
<div>
<label for="card_cvc">${escapeHtml(t.cvc)}</label>
<input type="text" id="card_cvc" name="card_cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="${escapeHtml(t.cvcPlaceholder)}" required value="${escapeHtml(values.card_cvc ?? '')}"${invalid('card_cvc')}>
</div>
</div>
<p class="hint muted">${escapeHtml(t.testHint)}</p>
</fieldset>`
}

/** Reads the card fields of a posted form with the checks a card form makes before sending it. */
export function readCardForm(form: FormObject, now = new Date()): CardFormResult {
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '')
  const number = text('card_number').replace(/[\s-]/g, '')
  if (!/^\d{12,19}$/.test(number)) {
    return { ok: false, field: 'card_number', problem: 'number_incomplete' }
  }
  const expiry = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(text('card_expiry'))
  if (!expiry) return { ok: false, field: 'card_expiry', problem: 'expiry_incomplete' }
  const expMonth = Number(expiry[1])
  const rawYear = Number(expiry[2])
  const expYear = rawYear < 100 ? 2000 + rawYear : rawYear
  if (expMonth < 1 || expMonth > 12) {
    return { ok: false, field: 'card_expiry', problem: 'expiry_invalid' }
  }
  const currentMonth = now.getUTCFullYear() * 12 + now.getUTCMonth() + 1
  if (expYear * 12 + expMonth < currentMonth) {
    return { ok: false, field: 'card_expiry', problem: 'expiry_past' }
  }
  const cvc = text('card_cvc').trim()
  if (!/^\d{3,4}$/.test(cvc)) return { ok: false, field: 'card_cvc', problem: 'cvc_incomplete' }
  return { ok: true, card: { number, expMonth, expYear, cvc } }
}

export function formString(form: FormObject, key: string): string | undefined {
  const value = form[key]
  return typeof value === 'string' ? value : undefined
}

/** A refusal in the page's language: the catalog's wording of Stripe's decline code or error code, else the API message. */
export function localizedErrorMessage(t: PageMessages, error: StripeApiError): string {
  const declines = t.card.declines
  const declineCode = typeof error.extra.decline_code === 'string' ? error.extra.decline_code : undefined
  return (declineCode && declines[declineCode]) || (error.code && declines[error.code]) || error.message
}
