// Calls one built matrix app over HTTP, in this process (`node check.mjs <app>`), the way an
// attacker would: straight to each endpoint, anonymous, with a session and with the admin role;
// then runs the app's own `serverfn-auth probe`. Prints one JSON line: { ok, failures }.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { toJSONAsync } from 'seroval'

const root = process.argv[2]
const inventory = JSON.parse(readFileSync(join(root, 'dist/server/serverfn-auth.json'), 'utf8'))
const server = (await import(pathToFileURL(join(root, 'dist/server/server.js')).href)).default
const failures = []
const expectThat = (what, ok, got) => {
  if (!ok) failures.push(`${what}: got ${got}`)
}

const ids = Object.fromEntries(inventory.endpoints.map((entry) => [entry.name, entry.id]))
const access = Object.fromEntries(inventory.endpoints.map((entry) => [entry.name, `${entry.access}${entry.roles.length ? ` (${entry.roles})` : ''}`]))
expectThat('the inventory', JSON.stringify(access) === JSON.stringify({ getNotes: 'protected', addNote: 'protected', getAuditLog: 'protected (admin)', getStatus: 'public' }), JSON.stringify(access))

async function call(name, { cookie, method = 'GET', data } = {}) {
  const headers = { 'x-tsr-serverFn': 'true', 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie } : {}) }
  let body
  if (method === 'POST') {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(await toJSONAsync({ data }))
  }
  const response = await server.fetch(new Request(`http://localhost${inventory.serverFnBase}${ids[name]}`, { method, headers, body }))
  return { status: response.status, text: await response.text() }
}

for (const [name, options, status, text] of [
  ['getNotes', {}, 401],
  ['getNotes', { cookie: 'session=member' }, 200, 'first note'],
  ['addNote', { method: 'POST', data: { text: 'from nobody' } }, 401],
  ['addNote', { method: 'POST', data: { text: 'from a member' }, cookie: 'session=member' }, 200],
  ['getAuditLog', {}, 401],
  ['getAuditLog', { cookie: 'session=member' }, 403],
  ['getAuditLog', { cookie: 'session=admin' }, 200, 'audit log read on the server'],
  ['getStatus', {}, 200],
]) {
  const reply = await call(name, options)
  const who = options.cookie ?? 'anonymous'
  expectThat(`${name} as ${who}`, reply.status === status && (!text || reply.text.includes(text)), `${reply.status} ${reply.text.slice(0, 120)}`)
}
for (const [path, cookie, status] of [
  ['/api/notes', null, 401],
  ['/api/notes', 'session=member', 200],
  ['/api/health', null, 200],
]) {
  const response = await server.fetch(new Request(`http://localhost${path}`, { headers: cookie ? { cookie } : {} }))
  expectThat(`${path} as ${cookie ?? 'anonymous'}`, response.status === status, response.status)
}

const assets = join(root, 'dist/client/assets')
const client = readdirSync(assets).map((name) => readFileSync(join(assets, name), 'utf8')).join('\n')
expectThat('the client bundle has no handler body', !client.includes('audit log read on the server'), 'the body of getAuditLog')

try {
  execFileSync(process.execPath, [join(root, 'node_modules/serverfn-auth/dist/cli.js'), 'probe', 'dist', '--cookie-for', 'admin=session=admin', '--cookie-for', 'member=session=member', '--skip', 'addNote'], { cwd: root, stdio: 'pipe' })
} catch (error) {
  failures.push(`serverfn-auth probe failed:\n${error.stdout}${error.stderr}`)
}
console.log(JSON.stringify({ ok: failures.length === 0, failures }))
process.exit(0)
