import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { StorybookConfig } from '@storybook/react-vite'
import type { Alias, AliasOptions } from 'vite'

// Resolve addons and the framework from here: in a pnpm workspace, Storybook's own lookup can
// land on another hoisted copy (built against another Vite).
const resolvePackage = (name: string) => dirname(fileURLToPath(import.meta.resolve(`${name}/package.json`)))

const config: StorybookConfig = {
  stories: ['../packages/ui/src/**/*.mdx', '../packages/ui/src/**/*.stories.@(ts|tsx)'],
  addons: [resolvePackage('@storybook/addon-docs'), resolvePackage('@storybook/addon-a11y')],
  framework: { name: resolvePackage('@storybook/react-vite'), options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  typescript: {
    reactDocgen: 'react-docgen-typescript',
    reactDocgenTypescriptOptions: {
      tsconfigPath: 'packages/ui/tsconfig.json',
      include: ['packages/ui/src/**/*.tsx'],
      exclude: ['**/*.stories.tsx', '**/*.test.tsx'],
      shouldExtractLiteralValuesFromEnum: true,
      propFilter: (prop) => !prop.parent || !/node_modules/.test(prop.parent.fileName),
    },
  },
  viteFinal(viteConfig) {
    // Stories read @portal-kit/core from source, so Storybook needs no prior `pnpm build`.
    viteConfig.resolve = {
      ...viteConfig.resolve,
      alias: [
        ...toAliasList(viteConfig.resolve?.alias),
        {
          find: /^@portal-kit\/core$/,
          replacement: fileURLToPath(new URL('../packages/core/src/index.ts', import.meta.url)),
        },
      ],
    }
    // React Query and our own files start with "use client"; in a client-only bundle that is expected.
    const onwarn = viteConfig.build?.rollupOptions?.onwarn
    viteConfig.build = {
      ...viteConfig.build,
      // Storybook's own runtime is one large chunk; the kit itself is measured by `pnpm --filter @portal-kit/ui size`.
      chunkSizeWarningLimit: 4096,
      rollupOptions: {
        ...viteConfig.build?.rollupOptions,
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return
          // Rollup then fails to map that directive warning back through the source map.
          if (warning.code === 'SOURCEMAP_ERROR' && warning.loc?.line === 1 && warning.loc.column === 0) return
          if (onwarn) onwarn(warning, warn)
          else warn(warning)
        },
      },
    }
    return viteConfig
  },
}

function toAliasList(alias: AliasOptions | undefined): Alias[] {
  if (!alias) return []
  if (isAliasArray(alias)) return [...alias]
  return Object.entries(alias).map(([find, replacement]) => ({ find, replacement }))
}

function isAliasArray(alias: AliasOptions): alias is readonly Alias[] {
  return Array.isArray(alias)
}

export default config
