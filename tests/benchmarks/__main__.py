"""Run every benchmark: `make bench` (not part of the test run)."""

from tests.benchmarks import bench_documents, bench_references, bench_search, bench_versions

if __name__ == "__main__":
    bench_versions.main()
    bench_references.main()
    bench_documents.main()
    bench_search.main()
