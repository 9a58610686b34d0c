import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createLogger, createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { writeFixtureApp } from './support/fixture-app.ts'

/**
 * The dev server as a developer meets it: a real `vite dev` server listening on a port, a real
 * headless Chromium (Debian's; `.ci/run` installs it). A module with problems shows Vite's error
 * overlay with every problem; the terminal prints them once however many requests meet them;
 * fixing the module reloads the page, says so and prints the endpoint table; breaking it while
 * the page is open shows the overlay at once.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const broken = `import { createServerFn } from '@tanstack/react-start'

export const factory = () => createServerFn().handler(() => 1)
// @auth public
export const open = createServerFn().handler(() => 2)
`
const fixed = `import { createServerFn } from '@tanstack/react-start'

export const factory = createServerFn().handler(() => 1)
// @auth public: a fixture's open endpoint
export const open = createServerFn().handler(() => 2)
`
const typo = fixed.replace('@auth public:', '@auth publik:')

describe('the dev overlay in a browser', () => {
  let server: ViteDevServer
  let browser: Browser
  let page: Page
  let url: string
  let file: string
  const terminal: string[] = []

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (see .ci/run) or set CHROMIUM_PATH.`)
    const root = writeFixtureApp({ name: 'dev-overlay', serverModules: { 'broken.ts': broken } })
    file = join(root, 'src/server/broken.ts')
    const logger = createLogger('info', { allowClearScreen: false })
    for (const level of ['info', 'warn', 'error'] as const) logger[level] = (message) => void terminal.push(message)
    server = await createServer({ root, customLogger: logger, server: { host: '127.0.0.1', port: 0 } })
    await server.listen()
    url = server.resolvedUrls!.local[0]!
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] })
    page = await browser.newPage()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const overlayText = () => page.locator('vite-error-overlay .message-body').textContent({ timeout: 30_000 })
  const printed = (text: string) => terminal.filter((message) => message.includes(text)).length

  test('a page shows every problem with its code, message, hint and frame', async () => {
    const response = await page.goto(url)
    expect(response?.status()).toBe(500)
    const text = await overlayText()
    expect(text).toContain('serverfn-auth found 2 problems in 1 file')
    expect(text).toMatch(/src\/server\/broken\.ts:3:30\s+SFA101 nested-server-fn/)
    expect(text).toContain('is called inside the function `factory`')
    expect(text).toContain('hint: Move the chain to a top-level `const`')
    expect(text).toContain('> 3 | export const factory = () => createServerFn().handler(() => 1)')
    expect(text).toMatch(/src\/server\/broken\.ts:4:4\s+SFA201 public-without-reason/)
    expect(await page.locator('vite-error-overlay .plugin').textContent()).toContain('serverfn-auth')
  }, 60_000)

  test('the terminal prints the problems once, however many requests meet them', async () => {
    await page.reload()
    await overlayText()
    const call = await fetch(new URL('/_serverFn/anything', url), { method: 'POST' })
    expect(call.status).toBe(500)
    expect(await call.text()).toContain('SFA101 nested-server-fn')
    expect(printed('serverfn-auth found 2 problems in 1 file')).toBe(1)
    // Start's dump of the failed module (`pluginCode`, `runnerError`) never reaches the terminal.
    expect(terminal.join('\n')).not.toMatch(/pluginCode|runnerError|HTTPError/)
  }, 60_000)

  test('fixing the module reloads the page, says so and prints the table', async () => {
    writeFileSync(file, fixed)
    await page.waitForSelector('text=2 server modules', { timeout: 30_000 })
    expect(await page.locator('vite-error-overlay').count()).toBe(0)
    await expect.poll(() => printed('serverfn-auth: no problems left (src/server/broken.ts is fixed)'), { timeout: 10_000 }).toBe(1)
    await expect.poll(() => terminal.find((message) => message.includes('serverfn-auth: 2 endpoints (1 protected, 1 public)')), { timeout: 10_000 }).toMatch(
      /src\/server\/broken\.ts:5\s+open\s+GET\s+public: a fixture's open endpoint/,
    )
  }, 60_000)

  test('breaking it while the page is open shows the overlay without a reload', async () => {
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 1))
    writeFileSync(file, typo)
    const text = await overlayText()
    expect(text).toMatch(/src\/server\/broken\.ts:4:4\s+SFA202 unknown-auth-directive/)
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(1)
    await expect.poll(() => printed('serverfn-auth found 1 problem in 1 file'), { timeout: 10_000 }).toBe(1)
  }, 60_000)
})
