/**
 * Which paths are auxiliary: tests, examples, benchmarks, fixtures and documentation sites,
 * files that use the code rather than being it.
 *
 * Written by whoever tunes the ranking; read by the central-file ranking (centrality.ts,
 * mapgraph.ts, entrypoints.ts, go-imports.ts), which must not count their imports.
 */
import { isTestPath } from "../codemap/languages.ts";

/**
 * Tests, examples, benchmarks, fixtures and documentation sites: files that use the code
 * rather than being it. Their imports say nothing about what is central, and the overview
 * leaves them out (the code map still lists them).
 */
export function isAuxiliaryPath(path: string): boolean {
  return (
    isTestPath(path) ||
    /(^|\/)(examples?|samples?|demos?|benchmarks?|benches|bench|docs|documentation|site|testdata|test-data|fixtures?|__fixtures__|__mocks__|mocks?|testing|testutils?)\//i.test(
      path,
    ) ||
    /(^|\/)(conftest\.py|[^/]*[._-](bench|benchmark|stories|example)\.[a-z]+|example_[^/]*\.go)$/i.test(
      path,
    ) ||
    /(^|\/)tests?\.[a-z]+$/.test(path)
  );
}
