import type { StoredInvoice } from '../billing/create-invoice.js'
import { payInvoiceNow } from '../billing/pay-invoice-now.js'
import type { StoredCustomer } from '../customers/customer.js'
import { StripeApiError } from '../http/stripe-api-error.js'
import { attachPaymentMethod, createCardPaymentMethod } from '../payment-methods/payment-method.js'
import { invoiceDiscountLines } from './invoice-discount-rows.js'
import { type PageLocale, resolvePageLocale } from './page-locale.js'
import type { PageRequest, PageResponse, PageRoute } from './page-router.js'
import { type CardField, localizedErrorMessage, readCardForm, renderCardFields } from './portal-card-fields.js'
import { renderErrorPage } from './render-error-page.js'
import { renderInvoicePdf } from './render-invoice-pdf.js'
import { escapeHtml, renderLayout } from './render-layout.js'

interface PayFormState {
  error?: string
  field?: CardField
  values?: Partial<Record<CardField, string>>
  status?: number
}

/**
 * The hosted invoice page (`hosted_invoice_url`, `/i/:id`) with a card form to pay an open invoice, and the
 * invoice PDF (`invoice_pdf`, `/i/:id/pdf`).
 */
export const invoicePageRoutes: PageRoute[] = [
  {
    method: 'GET',
    pattern: '/i/:id',
    handler: (req) => withInvoice(req, (invoice, locale) => renderInvoicePage(req, invoice, locale)),
  },
  {
    method: 'POST',
    pattern: '/i/:id',
    handler: (req) => withInvoice(req, (invoice, locale) => submitPayment(req, invoice, locale)),
  },
  {
    method: 'GET',
    pattern: '/i/:id/pdf',
    handler: (req) =>
      withInvoice(req, (invoice) => ({
        contentType: 'application/pdf',
        body: renderInvoicePdf(
          invoice,
          req.emulator.settings.businessName,
          // The PDF is English (its standard fonts have no Polish letters), its discount labels too.
          invoiceDiscountLines(req.emulator, invoice, resolvePageLocale({ locale: 'en' })),
        ),
        headers: {
          'content-disposition': `inline; filename="Invoice-${invoice.number ?? invoice.id}.pdf"`,
          'cache-control': 'no-store',
        },
      })),
  },
]

/** Stripe shows a hosted invoice in the customer's preferred locale, else the browser's. */
function withInvoice(
  req: PageRequest,
  render: (invoice: StoredInvoice, locale: PageLocale) => PageResponse,
): PageResponse {
  const invoice = req.emulator.state.find<StoredInvoice>('invoice', req.pathParams.id as string)
  const customer = invoice ? req.emulator.state.find<StoredCustomer>('customer', invoice.customer as string) : undefined
  const locale = resolvePageLocale({
    preferredLocales: customer?.preferred_locales,
    acceptLanguage: req.acceptLanguage,
  })
  // Drafts have no hosted page at Stripe either: the URL exists from finalization on.
  if (!invoice || invoice.status === 'draft') {
    return { status: 404, html: renderErrorPage(req.emulator, 404, locale.t.errors.invoiceLinkInvalid, locale) }
  }
  return render(invoice, locale)
}

function submitPayment(req: PageRequest, invoice: StoredInvoice, locale: PageLocale): PageResponse {
  const { emulator, form } = req
  if (invoice.status !== 'open') return { redirect: `/i/${invoice.id}` }
  const values = {
    card_expiry: typeof form.card_expiry === 'string' ? form.card_expiry : '',
  }
  const card = readCardForm(form)
  if (!card.ok) {
    const error = locale.t.card.problems[card.problem]
    return renderInvoicePage(req, invoice, locale, { error, field: card.field, values, status: 400 })
  }
  try {
    const pm = createCardPaymentMethod(emulator, card.card)
    attachPaymentMethod(emulator, pm.id, invoice.customer as string)
    payInvoiceNow(emulator, invoice, { paymentMethod: pm.id })
  } catch (error) {
    if (error instanceof StripeApiError && error.status < 500) {
      return renderInvoicePage(req, invoice, locale, {
        error: localizedErrorMessage(locale.t, error),
        field: 'card_number',
        values,
        status: error.status,
      })
    }
    throw error
  }
  return { redirect: `/i/${invoice.id}` }
}

function renderInvoicePage(
  req: PageRequest,
  invoice: StoredInvoice,
  { t, format, lang }: PageLocale,
  state: PayFormState = {},
): PageResponse {
  const { emulator } = req
  const money = (amount: number) => escapeHtml(format.money(amount, invoice.currency))
  const number = invoice.number ?? invoice.id
  const status = invoice.status ?? 'draft'
  const statusLabel = escapeHtml(t.invoiceStatus[status] ?? status)
  const issued = invoice.status_transitions.finalized_at ?? invoice.created
  const paidAt = invoice.status_transitions.paid_at
  const billedTo = [invoice.customer_name, invoice.customer_email].filter(Boolean).map(escapeHtml).join('<br>')
  const headline =
    status === 'paid' && paidAt
      ? t.invoice.amountPaidOn(format.money(invoice.amount_paid, invoice.currency), format.date(paidAt))
      : status === 'open'
        ? t.invoice.amountDueBy(
            format.money(invoice.amount_remaining, invoice.currency),
            format.date(invoice.due_date ?? issued),
          )
        : `${t.invoiceStatus[status] ?? status}: ${format.money(invoice.total, invoice.currency)}`
  const meta = [
    [t.invoice.invoiceNumber, escapeHtml(number)],
    [t.invoice.issued, escapeHtml(format.date(issued))],
    invoice.due_date ? [t.invoice.due, escapeHtml(format.date(invoice.due_date))] : null,
    paidAt ? [t.invoice.paidOn, escapeHtml(format.date(paidAt))] : null,
    billedTo ? [t.invoice.billedTo, billedTo] : null,
    [t.invoice.from, escapeHtml(emulator.settings.businessName)],
  ]
    .filter((entry): entry is string[] => entry !== null)
    .map(([term, value]) => `<div><dt>${escapeHtml(term)}</dt><dd>${value}</dd></div>`)
    .join('\n')
  const rows = invoice.lines.data
    .map(
      (line) => `<tr>
<td>${escapeHtml(line.description ?? '')}<span class="line-period muted">${escapeHtml(format.shortDate(line.period.start))} – ${escapeHtml(format.shortDate(line.period.end))}</span></td>
<td class="amount">${line.quantity ?? ''}</td>
<td class="amount">${money(line.amount)}</td>
</tr>`,
    )
    .join('\n')
  const totals = [
    [t.invoice.subtotal, money(invoice.subtotal)],
    ...invoiceDiscountLines(emulator, invoice, { t, format }).map((line) => [line.label, money(-line.amount)]),
    [t.invoice.total, money(invoice.total)],
    invoice.starting_balance !== 0 && invoice.starting_balance !== null
      ? [t.invoice.creditApplied, money(invoice.amount_due - invoice.total)]
      : null,
    [t.invoice.amountPaid, money(invoice.amount_paid)],
    [t.invoice.amountDue, money(invoice.amount_remaining)],
  ]
    .filter((entry): entry is string[] => entry !== null)
    .map(
      ([label, value], i, all) =>
        `<tr${i === all.length - 1 ? ' class="grand"' : ''}><th scope="row" colspan="2">${escapeHtml(label)}</th><td class="amount">${value}</td></tr>`,
    )
    .join('\n')
  const pay = t.invoice.pay(format.money(invoice.amount_remaining, invoice.currency))
  const payForm =
    status === 'open'
      ? `<section class="card" id="pay" aria-labelledby="pay-heading">
<h2 id="pay-heading">${escapeHtml(t.invoice.payWithCard)}</h2>
${state.error ? `<p class="error" role="alert" id="form-error">${escapeHtml(state.error)}</p>` : ''}
<form method="post" action="/i/${escapeHtml(invoice.id)}" novalidate>
${renderCardFields({ t, error: state.field, values: state.values })}
<div class="actions"><button type="submit" class="primary wide">${escapeHtml(pay)}</button></div>
</form>
</section>`
      : ''
  const body = `<div class="invoice">
<header class="invoice-header">
<p class="brand">${escapeHtml(emulator.settings.businessName)}<span class="test-badge">${escapeHtml(t.layout.testMode)}</span></p>
<div class="invoice-title">
<h1>${escapeHtml(t.invoice.title(number))}</h1>
<span class="badge status-badge" data-status="${escapeHtml(status)}">${statusLabel}</span>
</div>
<p class="invoice-amount">${escapeHtml(headline)}</p>
</header>
<section class="card" aria-label="${escapeHtml(t.invoice.title(number))}">
<dl class="invoice-meta">
${meta}
</dl>
</section>
${payForm}
<section class="card" aria-labelledby="lines-heading">
<h2 id="lines-heading">${escapeHtml(t.invoice.items)}</h2>
<table class="lines">
<caption class="sr-only">${escapeHtml(t.invoice.itemsCaption(number))}</caption>
<thead><tr><th scope="col">${escapeHtml(t.invoice.description)}</th><th scope="col" class="amount">${escapeHtml(t.invoice.quantity)}</th><th scope="col" class="amount">${escapeHtml(t.invoice.amount)}</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot>
${totals}
</tfoot>
</table>
<p><a href="/i/${escapeHtml(invoice.id)}/pdf">${escapeHtml(t.invoice.downloadPdf)}</a></p>
</section>
</div>`
  return {
    status: state.status ?? 200,
    html: renderLayout(emulator, { title: t.invoice.title(number), body, lang }),
  }
}
