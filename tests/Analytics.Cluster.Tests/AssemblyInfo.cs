// Each test runs a cluster of four processes on a two-core machine: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
