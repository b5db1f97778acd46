import type Stripe from 'stripe'
import { formatDate } from '../billing/format-date.js'
import { formatMoney } from '../billing/format-money.js'

/**
 * A one-page PDF of an invoice, written by hand (no dependency): the standard Helvetica fonts, one content stream,
 * and a byte-exact cross-reference table so any reader opens it.
 */
export function renderInvoicePdf(
  invoice: Stripe.Invoice,
  businessName: string,
  discounts: Array<{ label: string; amount: number }> = [],
): Uint8Array {
  const text = new PdfText()
  text.line(`${businessName}`, { size: 20, bold: true })
  text.line(`Invoice ${invoice.number ?? invoice.id}`, { size: 14, bold: true, gap: 28 })
  text.line(`Status: ${invoice.status ?? 'draft'}`)
  text.line(`Date of issue: ${formatDate(invoice.status_transitions.finalized_at ?? invoice.created)}`)
  if (invoice.status_transitions.paid_at) text.line(`Paid on: ${formatDate(invoice.status_transitions.paid_at)}`)
  const billedTo = [invoice.customer_name, invoice.customer_email].filter(Boolean).join(' - ')
  if (billedTo) text.line(`Billed to: ${billedTo}`)
  text.line('Description', { bold: true, gap: 30, amount: 'Amount' })
  for (const line of invoice.lines.data) {
    text.line(line.description ?? '', { amount: formatMoney(line.amount, line.currency) })
    text.line(`${formatDate(line.period.start)} - ${formatDate(line.period.end)}`, { size: 9, gap: 13 })
  }
  const money = (amount: number) => formatMoney(amount, invoice.currency)
  if (discounts.length > 0) text.line('Subtotal', { gap: 30, amount: money(invoice.subtotal) })
  for (const discount of discounts) text.line(discount.label, { amount: `-${money(discount.amount)}` })
  text.line('Total', { bold: true, gap: discounts.length > 0 ? 18 : 30, amount: money(invoice.total) })
  text.line('Amount paid', { amount: money(invoice.amount_paid) })
  text.line('Amount due', { bold: true, amount: money(invoice.amount_remaining) })
  return buildPdf(text.stream(), `Invoice ${invoice.number ?? invoice.id}`)
}

class PdfText {
  private y = 760
  private readonly ops: string[] = []

  line(value: string, options: { size?: number; bold?: boolean; gap?: number; amount?: string } = {}): void {
    const size = options.size ?? 11
    this.y -= options.gap ?? 18
    const font = options.bold ? '/F2' : '/F1'
    this.ops.push(`BT ${font} ${size} Tf 56 ${this.y} Td (${pdfString(value)}) Tj ET`)
    if (options.amount !== undefined) {
      this.ops.push(`BT ${font} ${size} Tf 460 ${this.y} Td (${pdfString(options.amount)}) Tj ET`)
    }
  }

  stream(): string {
    return this.ops.join('\n')
  }
}

/** A PDF string literal in WinAnsi encoding: escapes, Latin-1 characters as octal, `€` mapped, the rest as `?`. */
function pdfString(value: string): string {
  let out = ''
  for (const char of value) {
    const code = char.codePointAt(0) ?? 63
    if (char === '\\' || char === '(' || char === ')') out += `\\${char}`
    else if (code >= 32 && code < 127) out += char
    else if (char === '€') out += '\\200'
    else if (code >= 160 && code <= 255) out += `\\${code.toString(8).padStart(3, '0')}`
    else out += '?'
  }
  return out
}

function buildPdf(content: string, title: string): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    `<< /Title (${pdfString(title)}) /Producer (Portal Kit Stripe emulator) >>`,
  ]
  let body = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n'
  const offsets: number[] = []
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'))
    body += `${i + 1} 0 obj\n${object}\nendobj\n`
  })
  const xrefOffset = Buffer.byteLength(body, 'latin1')
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`
  return new Uint8Array(Buffer.from(body, 'latin1'))
}
