import type { Emulator } from '../emulator.js'
import type { StoredPortalConfiguration } from '../portal/portal-configuration.js'
import type { PageMessages } from './locales/en.js'
import type { PageResponse } from './page-router.js'
import { escapeHtml, renderLayout } from './render-layout.js'

export interface PortalFrame {
  emulator: Emulator
  config: StoredPortalConfiguration
  returnUrl: string | null
  lang: string
  t: PageMessages
}

/**
 * The customer portal's frame: the business name, the "Return to <business>" link and legal links
 * on the side, the page's own content beside it.
 */
export function renderPortalPage(
  frame: PortalFrame,
  page: { title: string; body: string; status?: number },
): PageResponse {
  const { t } = frame
  const business = escapeHtml(frame.emulator.settings.businessName)
  const profile = frame.config.business_profile
  const legal = [
    profile.privacy_policy_url
      ? `<a href="${escapeHtml(profile.privacy_policy_url)}">${escapeHtml(t.layout.privacy)}</a>`
      : '',
    profile.terms_of_service_url
      ? `<a href="${escapeHtml(profile.terms_of_service_url)}">${escapeHtml(t.layout.terms)}</a>`
      : '',
  ].filter(Boolean)
  const body = `<div class="portal">
<header class="portal-side">
<p class="brand">${business}<span class="test-badge">${escapeHtml(t.layout.testMode)}</span></p>
${profile.headline ? `<p class="muted">${escapeHtml(profile.headline)}</p>` : ''}
${frame.returnUrl ? `<p><a class="back" href="${escapeHtml(frame.returnUrl)}"><span aria-hidden="true">← </span>${escapeHtml(t.layout.returnTo(frame.emulator.settings.businessName))}</a></p>` : ''}
${legal.length > 0 ? `<p class="legal muted">${legal.join(' · ')}</p>` : ''}
</header>
<div class="portal-main">
${page.body}
</div>
</div>`
  return {
    status: page.status ?? 200,
    html: renderLayout(frame.emulator, { title: page.title, body, lang: frame.lang }),
  }
}
