/**
 * Test support for hosted pages over plain HTTP: find the form a named button submits and send it
 * the way a browser would (without following the redirect, so tests can check where it points).
 */
export interface PageForm {
  method: 'get' | 'post'
  action: string
  /** `<input type="hidden">` values of the form. */
  hidden: Record<string, string>
}

export function formWithButton(html: string, buttonName: string): PageForm {
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const [, attributes = '', inner = ''] = match
    const buttons = [...inner.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/g)].map((b) => textOf(b[1] ?? ''))
    if (!buttons.includes(buttonName)) continue
    const hidden: Record<string, string> = {}
    for (const input of inner.matchAll(/<input\b([^>]*)>/g)) {
      const attrs = input[1] ?? ''
      if (attribute(attrs, 'type') === 'hidden')
        hidden[attribute(attrs, 'name') ?? ''] = attribute(attrs, 'value') ?? ''
    }
    return {
      method: (attribute(attributes, 'method') ?? 'get').toLowerCase() === 'post' ? 'post' : 'get',
      action: decodeEntities(attribute(attributes, 'action') ?? ''),
      hidden,
    }
  }
  throw new Error(`No form with a "${buttonName}" button in the page`)
}

export async function submitForm(baseUrl: string, form: PageForm, fields: Record<string, string> = {}) {
  const body = new URLSearchParams({ ...form.hidden, ...fields })
  const url = new URL(form.action, baseUrl)
  if (form.method === 'get') {
    url.search = body.toString()
    return fetch(url, { redirect: 'manual' })
  }
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  })
}

/** A card that pays: 4242 4242 4242 4242 as the hosted pages' card fields take it. */
export const payingCard = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123' }

/** Pays the hosted Checkout page at `sessionUrl` with `payingCard`, through the button named `button`. */
export async function payOnCheckoutPage(baseUrl: string, sessionUrl: string, button: string) {
  const html = await (await fetch(sessionUrl)).text()
  return submitForm(baseUrl, formWithButton(html, button), payingCard)
}

/** Visible text of an HTML fragment, whitespace collapsed. */
export function textOf(html: string): string {
  return decodeEntities(html.replace(/<(style|script)\b[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()
}

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)
  return match ? decodeEntities(match[1] ?? '') : undefined
}

function decodeEntities(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

/**
 * Chooses a plan on the switch-plan page and confirms it on the review page that follows, as a customer does.
 * Answers the review page's response when it is not a confirmation (e.g. a 400 for a bad choice).
 */
export async function switchPlanAndConfirm(baseUrl: string, page: string, fields: Record<string, string>) {
  const review = await submitForm(baseUrl, formWithButton(page, 'Switch plan'), fields)
  if (review.status !== 200) return review
  return submitForm(baseUrl, formWithButton(await review.text(), 'Confirm'))
}
