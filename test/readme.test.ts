import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'

/** The README's own links point at its headings (GitHub's anchors) and at files that exist. */

const source = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8').replace(/```[\s\S]*?```/g, '')
// Inline code is not prose: `[...](x)` there is not a link.
const readme = source.replace(/`[^`\n]+`/g, 'code')

/** GitHub's heading anchor: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-')

test('every in-page link of the README names a heading', () => {
  const anchors = new Set([...source.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)))
  const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!)
  expect(links.length).toBeGreaterThan(10)
  expect(links.filter((link) => !anchors.has(link))).toEqual([])
})

test('every file the README links exists', () => {
  const files = [...readme.matchAll(/\]\(((?!#|https?:)[^)]+)\)/g)].map((m) => m[1]!.split('#')[0]!)
  expect(files.length).toBeGreaterThan(0)
  expect(files.filter((file) => { try { readFileSync(join(import.meta.dirname, '..', file)); return false } catch { return true } })).toEqual([])
})
