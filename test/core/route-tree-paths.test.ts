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

  test('only the Route imports, the FileRoutesByPath interface of a module block, and literal fields are read', () => {
    const tree = `import { Route as A } from './routes/a'
import { Link as B } from './routes/b'
import C from './routes/c'
import { Route as D } from './routes/d'
declare module 'shorthand';
declare namespace Nested.Inner { interface FileRoutesByPath { '/n': { fullPath: '/n'; preLoaderRoute: typeof A } } }
type FileRoutesByPath = { '/t': { fullPath: '/t'; preLoaderRoute: typeof A } }
declare module '@tanstack/react-router' {
  interface Other { '/o': { fullPath: '/o'; preLoaderRoute: typeof A } }
  type Alias = { '/p': { fullPath: '/p'; preLoaderRoute: typeof A } }
  interface FileRoutesByPath {
    '/a': { fullPath(): '/wrong'; fullPath: '/a'; preLoaderRoute: typeof A }
    '/b': { fullPath: '/b'; preLoaderRoute: typeof B }
    '/c': { fullPath: '/c'; preLoaderRoute: typeof C }
    '/d1': { fullPath: string; preLoaderRoute: typeof D }
    '/d2': { fullPath: '/d2'; preLoaderRoute: typeof Routes.D }
    '/d3': { fullPath: '/d3'; preLoaderRoute: D }
    '/d4': { 'fullPath': '/d4'; preLoaderRoute: typeof D }
    '/d5': { fullPath: 5; preLoaderRoute: typeof D }
    '/d6'(): { fullPath: '/d6'; preLoaderRoute: typeof D }
    '/d7': Routes['/d7']
    '/d8'
    '/d9': { fullPath: '/d9'; preLoaderRoute: typeof D }
  }
}
`
    expect(routeTreePaths(parseModule(tree, '/app/src/routeTree.gen.ts'))).toEqual([
      { source: './routes/a', fullPath: '/a' },
      { source: './routes/d', fullPath: '/d9' },
    ])
  })
})

