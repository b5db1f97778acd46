import type { StoredInvoice } from '../billing/create-invoice.js'
import { formatDate } from '../billing/format-date.js'
import { formatMoney } from '../billing/format-money.js'
import { payInvoiceNow } from '../billing/pay-invoice-now.js'
import type { Emulator } from '../emulator.js'
import { StripeApiError } from '../http/stripe-api-error.js'
import { attachPaymentMethod, createCardPaymentMethod } from '../payment-methods/payment-method.js'
import { invoiceDiscountLines, renderInvoiceDiscountRows } from './invoice-discount-rows.js'
import type { PageRequest, PageResponse, PageRoute } from './page-router.js'
import { type CardField, readCardForm, renderCardFields } from './portal-card-fields.js'
import { renderErrorPage } from './render-error-page.js'
import { renderInvoicePdf } from './render-invoice-pdf.js'
import { escapeHtml, renderLayout } from './render-layout.js'

interface PayFormState {
  error?: string
  field?: CardField
  values?: Partial<Record<CardField, string>>
  status?: number
}

const statusLabels: Record<string, string> = {
  draft: 'Draft',
  open: 'Due',
  paid: 'Paid',
  uncollectible: 'Uncollectible',
  void: 'Void',
}

/**
 * The hosted invoice page (`hosted_invoice_url`, `/i/:id`) with a card form to pay an open invoice, and the
 * invoice PDF (`invoice_pdf`, `/i/:id/pdf`).
 */
export const invoicePageRoutes: PageRoute[] = [
  {
    method: 'GET',
    pattern: '/i/:id',
    handler: (req) => withInvoice(req, (invoice) => renderInvoicePage(req.emulator, invoice)),
  },
  {
    method: 'POST',
    pattern: '/i/:id',
    handler: (req) => withInvoice(req, (invoice) => submitPayment(req, invoice)),
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
          invoiceDiscountLines(req.emulator, invoice),
        ),
        headers: {
          'content-disposition': `inline; filename="Invoice-${invoice.number ?? invoice.id}.pdf"`,
          'cache-control': 'no-store',
        },
      })),
  },
]

function withInvoice(req: PageRequest, render: (invoice: StoredInvoice) => PageResponse): PageResponse {
  const invoice = req.emulator.state.find<StoredInvoice>('invoice', req.pathParams.id as string)
  // Drafts have no hosted page at Stripe either: the URL exists from finalization on.
  if (!invoice || invoice.status === 'draft') {
    return { status: 404, html: renderErrorPage(req.emulator, 404, 'This invoice link is not valid.') }
  }
  return render(invoice)
}

function submitPayment(req: PageRequest, invoice: StoredInvoice): PageResponse {
  const { emulator, form } = req
  if (invoice.status !== 'open') return { redirect: `/i/${invoice.id}` }
  const values = {
    card_expiry: typeof form.card_expiry === 'string' ? form.card_expiry : '',
  }
  const card = readCardForm(form)
  if (!card.ok) {
    return renderInvoicePage(emulator, invoice, { error: card.message, field: card.field, values, status: 400 })
  }
  try {
    const pm = createCardPaymentMethod(emulator, card.card)
    attachPaymentMethod(emulator, pm.id, invoice.customer as string)
    payInvoiceNow(emulator, invoice, { paymentMethod: pm.id })
  } catch (error) {
    if (error instanceof StripeApiError && error.status < 500) {
      return renderInvoicePage(emulator, invoice, {
        error: error.message,
        field: 'card_number',
        values,
        status: error.status,
      })
    }
    throw error
  }
  return { redirect: `/i/${invoice.id}` }
}

function renderInvoicePage(emulator: Emulator, invoice: StoredInvoice, state: PayFormState = {}): PageResponse {
  const money = (amount: number) => escapeHtml(formatMoney(amount, invoice.currency))
  const number = escapeHtml(invoice.number ?? invoice.id)
  const status = invoice.status ?? 'draft'
  const issued = invoice.status_transitions.finalized_at ?? invoice.created
  const billedTo = [invoice.customer_name, invoice.customer_email].filter(Boolean).map(escapeHtml).join('<br>')
  const rows = invoice.lines.data
    .map(
      (line) => `<tr>
<td>${escapeHtml(line.description ?? '')}</td>
<td>${escapeHtml(formatDate(line.period.start))} – ${escapeHtml(formatDate(line.period.end))}</td>
<td class="amount">${line.quantity ?? ''}</td>
<td class="amount">${money(line.amount)}</td>
</tr>`,
    )
    .join('\n')
  const paidNote = invoice.status_transitions.paid_at
    ? `<p role="status">Paid on ${escapeHtml(formatDate(invoice.status_transitions.paid_at))}.</p>`
    : ''
  const payForm =
    status === 'open'
      ? `<section class="card" aria-labelledby="pay-heading">
<h2 id="pay-heading">Pay ${money(invoice.amount_remaining)}</h2>
${state.error ? `<p class="error" role="alert" id="form-error">${escapeHtml(state.error)}</p>` : ''}
<form method="post" action="/i/${escapeHtml(invoice.id)}" novalidate>
${renderCardFields({ error: state.field, values: state.values })}
<p><button type="submit" class="primary">Pay ${money(invoice.amount_remaining)}</button></p>
</form>
</section>`
      : ''
  const body = `<header>
<p class="muted">${escapeHtml(emulator.settings.businessName)}<span class="test-badge">Test mode</span></p>
<h1>Invoice ${number}</h1>
</header>
<section class="card" aria-labelledby="summary-heading">
<h2 id="summary-heading">${escapeHtml(statusLabels[status] ?? status)}: ${money(status === 'paid' ? invoice.amount_paid : invoice.amount_remaining)}</h2>
<dl>
<dt>Invoice number</dt><dd>${number}</dd>
<dt>Date of issue</dt><dd>${escapeHtml(formatDate(issued))}</dd>
<dt>Status</dt><dd data-status="${escapeHtml(status)}">${escapeHtml(statusLabels[status] ?? status)}</dd>
${billedTo ? `<dt>Billed to</dt><dd>${billedTo}</dd>` : ''}
</dl>
${paidNote}
</section>
<section class="card" aria-labelledby="lines-heading">
<h2 id="lines-heading">Items</h2>
<table>
<caption class="muted">Items on invoice ${number}</caption>
<thead><tr><th scope="col">Description</th><th scope="col">Period</th><th scope="col" class="amount">Qty</th><th scope="col" class="amount">Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot>
${renderInvoiceDiscountRows(emulator, invoice, money)}
<tr><th scope="row" colspan="3">Total</th><td class="amount">${money(invoice.total)}</td></tr>
<tr><th scope="row" colspan="3">Amount paid</th><td class="amount">${money(invoice.amount_paid)}</td></tr>
<tr><th scope="row" colspan="3">Amount due</th><td class="amount">${money(invoice.amount_remaining)}</td></tr>
</tfoot>
</table>
<p><a href="/i/${escapeHtml(invoice.id)}/pdf">Download invoice (PDF)</a></p>
</section>
${payForm}`
  return {
    status: state.status ?? 200,
    html: renderLayout(emulator, { title: `Invoice ${invoice.number ?? invoice.id}`, body }),
  }
}
