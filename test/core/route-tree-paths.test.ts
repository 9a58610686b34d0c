import { describe, expect, test } from 'vitest'
import { parseModule, routeTreePaths } from '../../src/core/index.ts'

describe('the paths of the generated route tree', () => {
  test('each route module with the path the tree serves it at', () => {
    const tree = `import { Route as rootRouteImport } from './routes/__root'
import { Route as ApiExportRouteImport } from './routes/api/export'
import { Route as IndexRouteImport } from './routes/index'
import { Route as Other } from './somewhere'
export const routeTree = rootRouteImport._addFileChildren({})
declare module '@tanstack/react-router' {
  interface FileRoutesByPath {
    '/api/export': {
      id: '/api/export'
      path: '/api/export'
      fullPath: '/api/export'
      preLoaderRoute: typeof ApiExportRouteImport
      parentRoute: typeof rootRouteImport
    }
    '/': { id: '/'; path: '/'; fullPath: '/'; preLoaderRoute: typeof IndexRouteImport; parentRoute: typeof rootRouteImport }
    '/nowhere': { id: '/nowhere'; fullPath: '/nowhere'; preLoaderRoute: typeof Unknown }
    '/no-path': { id: '/no-path'; preLoaderRoute: typeof Other }
  }
}
`
    expect(routeTreePaths(parseModule(tree, '/app/src/routeTree.gen.ts'))).toEqual([
      { source: './routes/api/export', fullPath: '/api/export' },
      { source: './routes/index', fullPath: '/' },
    ])
    expect(routeTreePaths(parseModule('export const routeTree = 1', '/app/src/routeTree.gen.ts'))).toEqual([])
  })
})
