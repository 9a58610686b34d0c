import { readFile } from 'node:fs/promises'
import type { File } from '@babel/types'
import { parseModule } from '../core/index.ts'

export interface ModuleSource {
  code: string
  /** Null when the module cannot be parsed. */
  ast: File | null
}

/**
 * Modules read from disk to follow builders across modules: each is read and parsed once per
 * build, however many endpoint modules import it and however many times each of those is
 * transformed (plain, `?tss-serverfn-split`, lookups). In dev, a changed file is read again.
 */
export class ModuleSources {
  private readonly entries = new Map<string, Promise<ModuleSource | null>>()

  /** Null when the file cannot be read. */
  read(file: string): Promise<ModuleSource | null> {
    let entry = this.entries.get(file)
    if (!entry) {
      entry = readFile(file, 'utf8').then(
        (code) => {
          try {
            return { code, ast: parseModule(code, file) }
          } catch {
            return { code, ast: null }
          }
        },
        () => null,
      )
      this.entries.set(file, entry)
    }
    return entry
  }

  invalidate(file: string): void {
    this.entries.delete(file)
  }

  clear(): void {
    this.entries.clear()
  }
}
