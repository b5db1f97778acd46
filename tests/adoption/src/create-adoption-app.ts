import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { readmeFiles } from './readme-files.js'

/** The READMEs whose whole-file blocks make up the app's billing code. */
export const adoptionReadmes: readonly string[] = process.env.ADOPTION_NO_READMES
  ? []
  : ['packages/server/README.md', 'packages/ui/README.md']

/** The version of a dependency the workspace tests with, so the app runs what the repo was tested on. */
function workspaceVersion(repo: string, name: string): string {
  for (const from of ['packages/server', 'packages/ui', 'tests/adoption', '.']) {
    const manifest = join(repo, from, 'node_modules', name, 'package.json')
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
  }
  throw new Error(`${name} is not installed in the workspace; run pnpm install.`)
}

/**
 * Makes an app like `create-next-app@16 --no-tailwind` (Turbopack, cacheComponents on, the template's
 * globals.css) from the files in `tests/adoption/app`, adds every file the READMEs show, and installs the
 * packed packages with npm, as a user outside this repo would. `pg` is not installed.
 */
export function createAdoptionApp(repo: string, appDir: string, tarballs: Record<string, string>): string[] {
  cpSync(join(repo, 'tests/adoption/app'), appDir, { recursive: true })
  cpSync(join(repo, 'fixtures/create-next-app/globals.css'), join(appDir, 'app/globals.css'))
  const written: string[] = []
  for (const file of readmeFiles(repo, adoptionReadmes)) {
    mkdirSync(dirname(join(appDir, file.path)), { recursive: true })
    writeFileSync(join(appDir, file.path), file.contents)
    written.push(file.path)
  }
  const version = (name: string) => workspaceVersion(repo, name)
  const manifest = {
    name: 'adoption-app',
    version: '0.1.0',
    private: true,
    scripts: { dev: 'next dev', build: 'next build', start: 'next start' },
    dependencies: {
      next: version('next'),
      react: version('react'),
      'react-dom': version('react-dom'),
      stripe: version('stripe'),
      '@electric-sql/pglite': version('@electric-sql/pglite'),
      '@tanstack/react-query': version('@tanstack/react-query'),
      ...Object.fromEntries(Object.entries(tarballs).map(([name, tarball]) => [name, `file:${tarball}`])),
    },
    devDependencies: {
      typescript: version('typescript'),
      '@types/node': '^20',
      '@types/react': version('@types/react'),
      '@types/react-dom': version('@types/react-dom'),
    },
  }
  writeFileSync(join(appDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: appDir,
    stdio: 'pipe',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  })
  return written
}
