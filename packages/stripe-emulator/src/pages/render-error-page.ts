import type { Emulator } from '../emulator.js'
import { en, type PageMessages } from './locales/en.js'
import { escapeHtml, renderLayout } from './render-layout.js'

export function renderErrorPage(
  emulator: Emulator,
  status: number,
  message: string,
  locale: { lang: string; t: PageMessages } = { lang: 'en', t: en },
): string {
  const title = status === 404 ? locale.t.errors.notFoundTitle : locale.t.errors.failedTitle
  return renderLayout(emulator, {
    title,
    lang: locale.lang,
    body: `<div class="card narrow"><h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(message)}</p></div>`,
  })
}
