"""Run every benchmark: `make bench` (not part of the test run).

`python -m tests.benchmarks http [--scale 0.1]` runs only the HTTP benchmark (issue 16);
`python -m tests.benchmarks documents` only the documents benchmark (issue 15).
"""

import sys

from tests.benchmarks import (
    bench_documents,
    bench_http,
    bench_languages,
    bench_references,
    bench_search,
    bench_versions,
)

if __name__ == "__main__":
    if sys.argv[1:2] == ["http"]:
        bench_http.main(sys.argv[2:])
    elif sys.argv[1:2] == ["documents"]:
        bench_documents.main([])
    else:
        bench_versions.main()
        bench_references.main()
        bench_languages.main()
        bench_documents.main([])
        bench_search.main()
        bench_http.main([])
