/**
 * The look-ahead work an outliner may do in one file. A declaration's end, its header or
 * its docstring is found by reading the lines after it, each look-ahead bounded in lines;
 * but thousands of declarations each looking thousands of lines ahead (a file of
 * `func f() {` lines that never close) multiply into minutes. The budget bounds the sum,
 * in line visits, to a multiple of the file's own lines: an ordinary file, where each line
 * belongs to a handful of declarations at most, never comes near it. Once it is spent, a
 * look-ahead gives its "not found" answer (the declaration ends on its own line).
 */
export class LookaheadBudget {
  private left: number;

  constructor(lines: number) {
    this.left = 16 * lines + 100_000;
  }

  /** Takes `units` line visits; false once the budget is spent. */
  spend(units = 1): boolean {
    this.left -= units;
    return this.left >= 0;
  }
}
