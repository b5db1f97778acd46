import axe from 'axe-core'
import { expect } from 'vitest'

/**
 * Runs axe's WCAG 2.x A/AA rules on a rendered story. Colour contrast needs real layout, which
 * jsdom lacks; the Storybook a11y addon and `pnpm --filter @portal-kit/ui screenshot` check it in Chromium.
 */
export async function expectNoAxeViolations(root: Element) {
  const results = await axe.run(root, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    rules: { 'color-contrast': { enabled: false } },
  })
  const violations = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  expect(violations).toEqual([])
}
