import type { CallExpression, Node } from '@babel/types'
import { OPTION_KEYS } from './start-packages.ts'
import { unwrapExpression } from './tanstack-model.ts'

/**
 * The options of a builder call, `createServerFn({ method: 'POST' })` or `base({ method: 'POST' })`.
 *
 * At run time TanStack keeps the options object it is given (`createServerFn(options, __opts)`
 * uses `__opts || options`) or spreads it over the builder's own (`base(options)` is
 * `{ ...builder.options, ...options }`). An options object with a `middleware` key therefore
 * replaces the middleware, the injected session middleware included, or puts its own before it;
 * a spread, a variable, a getter or a prototype (`__proto__`) may carry one unseen. So the only
 * options proved harmless are a literal whose keys are all known and none of them `middleware`.
 */

export interface OptionsProblem {
  node: Node
  message: string
}

export function checkOptionsLiteral(call: CallExpression, spelled: string): OptionsProblem | null {
  const [options, extra] = call.arguments
  if (extra) {
    return { node: extra, message: `\`${spelled}(…)\` has a second argument; TanStack reads it as the builder's whole options, middleware included.` }
  }
  if (!options) return null
  const object = unwrapExpression(options)
  if (object.type !== 'ObjectExpression') {
    return { node: options, message: `The options of \`${spelled}(…)\` are not an object literal, so they may carry \`middleware\` that replaces the session middleware.` }
  }
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') {
      return { node: property, message: `The options of \`${spelled}(…)\` spread another object, which may carry \`middleware\`.` }
    }
    if (property.type === 'ObjectMethod') {
      return { node: property, message: `The options of \`${spelled}(…)\` define a method or accessor; only plain \`method\` and \`strict\` values are allowed.` }
    }
    const key = property.computed ? null : property.key.type === 'Identifier' ? property.key.name : property.key.type === 'StringLiteral' ? property.key.value : null
    if (key === 'middleware') {
      return { node: property, message: `The options of \`${spelled}(…)\` set \`middleware\`, which would replace the session middleware or run before it.` }
    }
    if (key === null || !OPTION_KEYS.has(key)) {
      const written = key === null ? 'a computed key' : `\`${key}\``
      return { node: property, message: `The options of \`${spelled}(…)\` have ${written}; only \`method\` and \`strict\` are known.` }
    }
  }
  return null
}
