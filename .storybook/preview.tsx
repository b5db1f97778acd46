import type { Preview } from '@storybook/react-vite'
import { action } from 'storybook/actions'
import '../packages/ui/src/styles.css'
import { type BillingStoryParameters, StoryFrame } from '../packages/ui/src/stories/story-frame.js'

// Stories never leave Storybook: the portal URL is logged in the Actions panel instead.
const navigateToPortal = action('navigate to portal')

const preview: Preview = {
  tags: ['autodocs'],
  globalTypes: {
    locale: {
      description: 'Locale of words, dates and money',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English' },
          { value: 'de', title: 'Deutsch' },
          { value: 'fr', title: 'Français' },
          { value: 'es', title: 'Español' },
          { value: 'pl', title: 'Polski' },
        ],
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'Light or dark theme',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'en', theme: 'light' },
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
    a11y: { test: 'error' },
  },
  decorators: [
    (Story, context) => (
      // A new key per locale and theme remounts the provider, so each toolbar change starts clean.
      <StoryFrame
        key={`${context.globals.locale}-${context.globals.theme}`}
        billing={context.parameters.billing as BillingStoryParameters | undefined}
        locale={String(context.globals.locale ?? 'en')}
        theme={context.globals.theme === 'dark' ? 'dark' : 'light'}
        navigate={navigateToPortal}
      >
        <Story />
      </StoryFrame>
    ),
  ],
}

export default preview
