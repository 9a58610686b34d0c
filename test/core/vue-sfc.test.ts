import { describe, expect, test } from 'vitest'
import { VUE_SFC_ID, vueScriptServerFnOffset } from '../../src/core/vue-sfc.ts'

/** SFA116: a server function in a Vue component's script block is found in the component's text. */

const at = (code: string, needle: string) => code.indexOf(needle)

describe('vueScriptServerFnOffset', () => {
  test.each([
    ['a root in <script lang="ts">', `<script lang="ts">\nimport { createServerFn } from '@tanstack/vue-start'\nexport const getGreeting = createServerFn().handler(() => 'hi')\n</script>\n<template><p /></template>\n`, 'createServerFn()'],
    ['an imported builder in <script setup>', `<script setup>\nimport { authed } from '../server/builders'\nconst load = authed.handler(() => 1)\n</script>\n`, '.handler('],
    ['a handler with type arguments', `<template><p /></template>\n<script lang="ts">\nexport const x = authed.handler<string>(() => 'x')\n</script>\n`, '.handler<'],
    ['a comment before an imported builder\'s handler call (TanStack still compiles it), read by the analysis', `<script lang="ts">\nimport { createServerFn } from '@tanstack/vue-start'\nimport { authed } from '../server/builders'\nexport const hidden = authed.handler /* why not */ (() => 'h')\n</script>\n`, 'hidden'],
    ['an escaped handler name, read by the analysis', `<script>\nimport { authed } from '../server/builders'\nexport const escaped = authed.\\u0068andler(() => 'e')\n</script>\n`, 'escaped'],
    ['a type argument on the factory, in the second block', `<script setup lang="ts">\nconst a = 1\n</script>\n<script lang="ts">\nexport const x = createServerFn<'GET'>({ method: 'GET' })\n</script>\n`, 'createServerFn<'],
  ])('%s', (_, code, needle) => {
    expect(vueScriptServerFnOffset(code)).toBe(at(code, needle))
  })

  test.each([
    ['a template that says handler', `<script setup>\nconst onClick = () => 1\n</script>\n<template><button @click="handler(1)">createServerFn()</button></template>\n`],
    ['a local named handler, and the factory only imported', `<script setup lang="ts">\nimport { createServerFn } from '@tanstack/vue-start'\nconst handler = () => 1\nhandler()\n</script>\n`],
    ['no script block', `<template><p>{{ x.handler(1) }}</p></template>\n`],
  ])('nothing: %s', (_, code) => {
    expect(vueScriptServerFnOffset(code)).toBeNull()
  })

  test('component ids: the component and its blocks, not a file that only contains .vue', () => {
    for (const id of ['/app/src/A.vue', '/app/src/A.vue?vue&type=script&setup=true&lang.ts', '/app/src/A.VUE']) expect(VUE_SFC_ID.test(id), id).toBe(true)
    for (const id of ['/app/src/a.vue.ts', '/app/src/vue/a.ts', '/app/src/A.vuex']) expect(VUE_SFC_ID.test(id), id).toBe(false)
  })
})
