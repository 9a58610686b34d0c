/** serverfn-auth: the Vite plugin and its public types. The pure core is under `serverfn-auth/core`. */
import { serverFnAuth } from './vite/plugin.ts'

export { serverFnAuth }
export default serverFnAuth
export type { AccessRuleOption, DependencyRule, ServerFnAuthOptions } from './vite/options.ts'
