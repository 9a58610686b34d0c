import type { SourcePosition } from './diagnostics.ts'

/**
 * ECMAScript's line terminators: LF, CR, CRLF (one terminator), U+2028 and U+2029. Every count of
 * lines and every "start of a line" in serverfn-auth uses these, as the parser does.
 */
export const LINE_TERMINATOR = /\r\n|[\n\r\u2028\u2029]/

export function isLineTerminator(char: number): boolean {
  return char === 10 || char === 13 || char === 0x2028 || char === 0x2029
}

/** Turns offsets into line and column. Built lazily: most modules never report anything. */
export class LineIndex {
  private lineStarts: number[] | null = null

  constructor(private readonly code: string) {}

  locate(start: number, end: number = start): SourcePosition {
    const line = this.lineOf(start)
    return { line: line + 1, column: start - this.starts()[line]!, start, end }
  }

  /** Offset of the first character of the line that holds `offset`. */
  lineStart(offset: number): number {
    return this.starts()[this.lineOf(offset)]!
  }

  private starts(): number[] {
    return (this.lineStarts ??= computeLineStarts(this.code))
  }

  /** 0-based line of `offset`, by binary search. */
  private lineOf(offset: number): number {
    const starts = this.starts()
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (starts[middle]! <= offset) low = middle
      else high = middle - 1
    }
    return low
  }
}

function computeLineStarts(code: string): number[] {
  const starts = [0]
  for (let i = 0; i < code.length; i++) {
    const char = code.charCodeAt(i)
    if (char === 13 && code.charCodeAt(i + 1) === 10) i++
    if (isLineTerminator(char)) starts.push(i + 1)
  }
  return starts
}
