import type { EndpointAccess } from './summary.ts'

/**
 * How every report names an endpoint's access, so that the terminal, the Markdown comment and the
 * baseline difference say the same thing: `protected`, `protected (admin, billing)`,
 * `optional: <reason>`, `public: <reason>`.
 *
 * The label holds the app's text (reasons, role names) as it is: each format escapes it its own way
 * (`printable()` for a terminal, HTML escaping for Markdown).
 */

export interface AccessOf {
  access: EndpointAccess
  roles: readonly string[]
  reason: string | null
}

export function accessLabel(endpoint: AccessOf): string {
  if (endpoint.access === 'protected') return endpoint.roles.length ? `protected (${rolesLabel(endpoint.roles)})` : 'protected'
  return `${endpoint.access}: ${endpoint.reason ?? ''}`
}

/** `admin, billing`: the roles in the order the annotation lists them. */
export function rolesLabel(roles: readonly string[]): string {
  return roles.join(', ')
}

/**
 * `9 protected (2 with roles), 1 optional, 2 public`. The parts an app does not use (roles, the
 * optional session) are left out, so that its reports read as they did before it had any.
 */
export function accessCounts(endpoints: readonly AccessOf[]): string {
  const count = (access: EndpointAccess) => endpoints.filter((endpoint) => endpoint.access === access).length
  const withRoles = endpoints.filter((endpoint) => endpoint.access === 'protected' && endpoint.roles.length > 0).length
  const optional = count('optional')
  return [
    `${count('protected')} protected${withRoles ? ` (${withRoles} with roles)` : ''}`,
    ...(optional ? [`${optional} optional`] : []),
    `${count('public')} public`,
  ].join(', ')
}
