import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** A whole app file shown in a README: a fenced block whose first line is `// <path>` (or `/* <path> *\/`). */
export interface ReadmeFile {
  path: string
  contents: string
  readme: string
}

const fence = /^```(?:ts|tsx|js|mjs|css)\n([\s\S]*?)^```$/gm
const pathLine = /^(?:\/\/|\/\*)\s*([\w@.[\]/-]+\.(?:ts|tsx|js|mjs|css))(?:\s*\*\/)?$/

/** Every whole-file block of the given READMEs; a path shown twice must show the same code. */
export function readmeFiles(repo: string, readmes: readonly string[]): ReadmeFile[] {
  const files = new Map<string, ReadmeFile>()
  for (const readme of readmes) {
    const text = readFileSync(join(repo, readme), 'utf8')
    for (const [, body = ''] of text.matchAll(fence)) {
      const [first = '', ...rest] = body.split('\n')
      const path = pathLine.exec(first.trim())?.[1]
      if (!path) continue
      const contents = rest.join('\n')
      const seen = files.get(path)
      if (seen && seen.contents !== contents) {
        throw new Error(`${path} is shown differently in ${seen.readme} and ${readme}; show one version of a file.`)
      }
      files.set(path, { path, contents, readme })
    }
  }
  return [...files.values()]
}
