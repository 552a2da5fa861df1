// One embedded cluster and one Prometheus at a time on a two-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
