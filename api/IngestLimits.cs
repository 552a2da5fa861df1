namespace Analytics.Api;

/// <summary>Documented limits on one ingest request (docs/data.md, "Loading figures"). Larger loads go in several batches.</summary>
public static class IngestLimits
{
    /// <summary>16 MiB: about 150,000 CSV rows with short quotes. Over it the API answers 413.</summary>
    public const long MaxBodyBytes = Analytics.Domain.InputLimits.RequestBodyBytes;

    /// <summary>Rows in one batch; beyond it the batch is rejected with 413 before anything is validated.</summary>
    public const int MaxRows = Analytics.Domain.InputLimits.RowsPerBatch;
}
