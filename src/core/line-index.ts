import type { SourcePosition } from './diagnostics.ts'

/** Turns offsets into line and column. Built lazily: most modules never report anything. */
export class LineIndex {
  private lineStarts: number[] | null = null

  constructor(private readonly code: string) {}

  locate(start: number, end: number = start): SourcePosition {
    const starts = (this.lineStarts ??= computeLineStarts(this.code))
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (starts[middle]! <= start) low = middle
      else high = middle - 1
    }
    return { line: low + 1, column: start - starts[low]!, start, end }
  }
}

function computeLineStarts(code: string): number[] {
  const starts = [0]
  for (let i = 0; i < code.length; i++) {
    const char = code.charCodeAt(i)
    // \n, \r\n, lone \r, and the Unicode line terminators that Babel also counts.
    if (char === 10 || char === 0x2028 || char === 0x2029) starts.push(i + 1)
    else if (char === 13) {
      if (code.charCodeAt(i + 1) === 10) i++
      starts.push(i + 1)
    }
  }
  return starts
}
