import '@testing-library/jest-dom/vitest'
import { setProjectAnnotations } from '@storybook/react'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'
import preview from '../../../../.storybook/preview.js'

setProjectAnnotations(preview)

afterEach(() => {
  cleanup()
  if (typeof window !== 'undefined') window.history.replaceState(null, '', '/')
})
