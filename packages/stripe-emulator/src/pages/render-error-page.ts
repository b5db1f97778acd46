import type { Emulator } from '../emulator.js'
import { escapeHtml, renderLayout } from './render-layout.js'

export function renderErrorPage(emulator: Emulator, status: number, message: string): string {
  return renderLayout(emulator, {
    title: status === 404 ? 'Page not found' : 'Something went wrong',
    body: `<h1>${status === 404 ? 'Page not found' : 'Something went wrong'}</h1><p role="alert">${escapeHtml(message)}</p>`,
  })
}
