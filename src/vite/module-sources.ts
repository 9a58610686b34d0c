import { readFile } from 'node:fs/promises'

/**
 * Modules read from disk to follow builders across modules: each is read once per build, however
 * many endpoint modules import it and however many times each of those is transformed (plain,
 * `?tss-serverfn-split`, lookups). The analyzer parses what it reads (and caches the analysis by
 * text); in dev, a changed file is read again.
 */
export class ModuleSources {
  private readonly entries = new Map<string, Promise<string | null>>()

  /** The file's text; null when it cannot be read. */
  read(file: string): Promise<string | null> {
    let entry = this.entries.get(file)
    if (!entry) {
      entry = readFile(file, 'utf8').catch(() => null)
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
