using System.Security.Cryptography;
using System.Text.Json;
using Analytics.Audit;
using Analytics.Contracts;
using Analytics.Domain;
using Analytics.Domain.Geography;
using Analytics.Formats;
using Analytics.Hosting;
using Analytics.Ingest;
using Analytics.Keys;
using Analytics.Provinces;
using Analytics.Api.Security;

namespace Analytics.Api.Queries;

/// <summary>
/// Loads a batch of observations, all or nothing: the whole batch is validated against the cluster's current catalog
/// first, then applied in parts of whole series, one silo call per part (<see cref="ObservationIngestor"/>). Rankings this
/// process caches for the indicators touched are dropped before the answer, so its clients read their own writes.
/// Every batch, accepted or rejected, is in the audit trail with who sent it, from where, its SHA-256 and its counts;
/// a valid batch is recorded before it is applied, so every figure it stores links to an entry that exists.
/// Callers (the JSON endpoint, the upload page) authorise the writer first and pass who it is.
/// </summary>
public sealed class IngestService(
    CatalogCache catalog, AnswerCache rankings, ObservationIngestor ingestor, AuditTrail audit, GatewayWatch gateways, IGrainFactory grains,
    QuotaDefaults quotas, AnalyticsMetrics metrics, Analytics.Domain.Quality.QualityCheck quality, QualityQueries marks, ILogger<IngestService> log)
{
    /// <summary>How many row problems a rejected batch's audit entry quotes (the sender got all of them).</summary>
    private const int ProblemsRecorded = 3;

    /// <summary>Reads a CSV or JSON body (by its media type) and loads it.</summary>
    public async Task<QueryResult<IngestResult>> IngestAsync(Stream body, string? contentType, AuditActor actor, CancellationToken ct)
    {
        await using var hashed = new HashingStream(body);
        IReadOnlyList<ObservationInput> rows;
        try
        {
            rows = await ObservationBody.ReadAsync(hashed, contentType, ct);
        }
        catch (DataFormatException ex)
        {
            return await RefusedAsync(ProblemKind.Invalid, Bilingual.T($"CSV sai cấu trúc: {ex.Message}", $"Malformed CSV: {ex.Message}"), actor, await hashed.FinishAsync(ct));
        }
        catch (ObservationJson.MalformedJsonException ex)
        {
            return await RefusedAsync(ProblemKind.Invalid, ex.Message, actor, await hashed.FinishAsync(ct));
        }
        catch (ObservationBody.UnsupportedMediaTypeException ex)
        {
            return await RefusedAsync(ProblemKind.UnsupportedMediaType, ex.Message, actor, null);
        }
        return await IngestAsync(rows, actor, await hashed.FinishAsync(ct), ct);
    }

    /// <summary>Loads rows already read. <paramref name="contentHash"/> is the SHA-256 of the body they came from; without one, of the rows as JSON.</summary>
    public async Task<QueryResult<IngestResult>> IngestAsync(IReadOnlyList<ObservationInput> rows, AuditActor actor, string? contentHash, CancellationToken ct)
    {
        contentHash ??= Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(rows))).ToLowerInvariant();
        if (rows.Count == 0)
            return await RefusedAsync(ProblemKind.Invalid, Bilingual.T(
                "Lô số liệu không có dòng nào: hãy gửi ít nhất một số liệu (CSV cần các dòng dưới dòng tiêu đề; JSON cần một mảng không rỗng).",
                "The batch has no rows: send at least one figure (a CSV needs rows under its header line; JSON a non-empty array)."), actor, contentHash);
        if (rows.Count > IngestLimits.MaxRows)
            return await RefusedAsync(ProblemKind.TooLarge, Bilingual.T(
                $"{rows.Count:N0} dòng vượt giới hạn {IngestLimits.MaxRows:N0} dòng mỗi lô. Hãy chia thành nhiều lô.",
                $"{rows.Count:N0} rows is more than the limit of {IngestLimits.MaxRows:N0} per batch. Split it into several batches."), actor, contentHash, rows.Count);

        var view = await catalog.GetAsync();
        var batch = ObservationValidator.Validate(rows, view.Gazetteer, view.Indicators);
        if (!batch.IsValid)
        {
            metrics.RecordBatch("rejected");
            metrics.RecordRejected(rows.Count, batch.Errors.Select(e => e.Field));
            await audit.RecordAsync(AuditTrail.Entry(AuditAction.BatchRejected, actor, audit.Now) with
            {
                ContentHash = contentHash,
                Counts = new AuditCounts(rows.Count, 0, 0, 0, batch.Errors.Count),
                Indicators = [.. rows.Select(r => r.Indicator).Distinct().Where(i => i is not null && view.Indicators.TryGet(i, out _)).Select(i => i!).Order(StringComparer.Ordinal)],
                Provinces = [.. rows.Select(r => view.Gazetteer.Resolve(r.Province ?? "", null, null).Unit?.TerritoryCode).OfType<string>().Distinct().Order(StringComparer.Ordinal)],
                Detail = string.Join("; ", batch.Errors.Take(ProblemsRecorded).Select(e => Shorten(e.ToString(), 160))),
            });
            return CatalogQueries.Rejected(batch.Errors, rows.Count);
        }

        if (await QuotaRefusalAsync(batch.Observations, actor) is { } refusal)
        {
            metrics.RecordBatch("rejected");
            await audit.RecordAsync(AuditTrail.Entry(AuditAction.BatchRejected, actor, audit.Now) with
            {
                ContentHash = contentHash,
                Counts = new AuditCounts(rows.Count, 0, 0, 0, 1),
                Detail = Shorten(refusal, 300),
            });
            return new QueryProblem(ProblemKind.QuotaExceeded, Bilingual.T($"Không có số liệu nào của lô được ghi: {refusal}", $"Nothing of the batch was applied: {refusal}"));
        }

        // A silo that stops leaves calls through it unanswered until Orleans' 30 s response timeout: every call from here
        // on also ends when this client loses a gateway, and the sender hears at once what becomes of the batch.
        var lost = gateways.Lost;
        string? auditId = null;
        try
        {
            auditId = await Watched(audit.RecordAsync(AuditTrail.Entry(AuditAction.BatchApplying, actor, audit.Now) with
            {
                ContentHash = contentHash,
                Counts = new AuditCounts(rows.Count, 0, 0, 0, 0),
                Indicators = [.. batch.Observations.Select(o => o.Indicator).Distinct().Order(StringComparer.Ordinal)],
                Provinces = [.. batch.Observations.Select(o => o.Province).Distinct().Order(StringComparer.Ordinal)],
            }), lost);
            var journal = grains.GetGrain<IBatchJournalGrain>(auditId);
            // Journaled before anything is applied: a stop part way is finished from here when the cluster starts again.
            await Watched(journal.WriteAsync(batch.Observations), lost);
            var counts = await Watched(ingestor.ApplyAsync(batch.Observations, auditId, ct), lost);
            metrics.RecordApplied(counts);
            metrics.RecordBatch("accepted");
            await Watched(audit.CompleteAsync(auditId, AuditAction.BatchAccepted, new AuditCounts(rows.Count, counts.Inserted, counts.Unchanged, counts.Revised, 0)), lost);
            // Not awaited: the outcome is recorded above, so the journal is only storage now, and its clear (a write of
            // its own, outside the grains' group commits) need not hold up the acknowledgement.
            _ = TryClearAsync(journal);
            await TryConfirmAsync(batch, view.Indicators, actor, auditId);
            return new IngestResult(rows.Count, counts.Inserted, counts.Unchanged, counts.Revised, await QualityWarningsAsync(batch, view));
        }
        catch (StateLimitException ex) when (auditId is not null)
        {
            // A series would have outgrown what its storage and messages carry: refused by that grain, nothing of it applied.
            metrics.RecordBatch("failed");
            await TryCompleteAsync(auditId, AuditAction.BatchUnconfirmed, new AuditCounts(rows.Count, 0, 0, 0, 1), Shorten(ex.Message, 300));
            await TryClearAsync(grains.GetGrain<IBatchJournalGrain>(auditId));
            return new QueryProblem(ProblemKind.TooLarge,
                Bilingual.T($"{ex.Message} Các chuỗi khác của lô có thể đã được ghi; gửi lại lô không có chuỗi đó là an toàn.",
                    $"{ex.Message} Other series of the batch may have been applied; sending the batch again without that series is safe."), Series: ex.Series);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or SiloUnavailableException)
        {
            // The audit entry (if it was stored) stays "batch-applying": when the cluster is back it finishes the batch from
            // its journal, or rolls it back whole if it was never journaled (BatchRecovery). Sending it again is safe too.
            metrics.RecordBatch("failed");
            log.LogWarning("Batch {AuditId} of {Rows} rows not confirmed by the cluster ({Reason})", auditId ?? "(no audit entry yet)", rows.Count, ex.GetType().Name);
            return new QueryProblem(ProblemKind.Unavailable, Bilingual.T(
                $"Cụm máy chủ ngừng trả lời khi đang nhận lô số liệu{(auditId is null ? "" : $" (mục nhật ký {auditId})")}. Khi cụm hoạt động lại, lô " +
                "được hoàn tất từ nhật ký ghi hoặc được hoàn tác toàn bộ; mục nhật ký khi đó ghi batch-accepted hoặc batch-rolled-back. " +
                "Gửi lại chính lô đó đều an toàn: số liệu đã lưu được tính là không đổi.",
                $"The cluster stopped answering while taking the batch{(auditId is null ? "" : $" (audit entry {auditId})")}. When it is back, the batch is " +
                "either finished from its journal or rolled back whole; its audit entry then says batch-accepted or batch-rolled-back. " +
                "Sending the same batch again is safe either way: figures already stored are counted as unchanged."));
        }
        finally
        {
            // Whether the batch succeeded or failed part way, leaderboards may have moved: this process's clients
            // must not be shown a ranking from before their own batch.
            rankings.Invalidate(batch.Observations.Select(o => o.Indicator).Distinct(), view.Indicators);
        }
    }

    /// <summary>
    /// The batch's figures the quality rules flag, read against everything stored with them: the series they joined, the
    /// other provinces' figures of the year, the wholes they are part of (so one new 2025 figure a thousand times its
    /// series is named, not only a slip inside the batch). Stored all the same, listed with their rows. When the stored
    /// figures cannot be read, the batch is checked against itself. Null when there is nothing to say.
    /// </summary>
    private async Task<IReadOnlyList<QualityWarningDto>?> QualityWarningsAsync(ValidatedBatch batch, CatalogView view)
    {
        var rowOf = new Dictionary<Analytics.Domain.Quality.FigureRef, ObservationInput>();
        for (var i = 0; i < batch.Observations.Count; i++)
        {
            var o = batch.Observations[i];
            if (batch.Rows is { } rows) rowOf.TryAdd(new(o.Province, o.Indicator, o.Year), rows[i]);
        }
        if (rowOf.Count == 0) return null;
        IEnumerable<Analytics.Domain.Quality.QualityFlag> flags;
        try
        {
            // Read afresh from the figures just stored, over only what the batch's figures are judged against.
            flags = await marks.FlagsOnAsync(view, rowOf.Keys);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            log.LogWarning(ex, "Stored figures unreadable for the quality check of a batch; checked against itself");
            flags = quality.Run(Analytics.Domain.Quality.QualityFigure.Of(batch.Observations));
        }
        var warnings = flags
            .Where(f => f.Severity != Analytics.Domain.Quality.QualitySeverity.Explained && rowOf.ContainsKey(f.Figure))
            .Select(f => QualityWarningDto.From(f, rowOf[f.Figure]))
            .OrderBy(w => w.Row).ToList();
        return warnings.Count == 0 ? null : warnings;
    }

    /// <summary>
    /// Rows whose <c>confirmed</c> column says why the figure is real: where a rule flags the stored figure, it is marked
    /// confirmed with that reason. The batch is stored either way; a mark that cannot be recorded is only logged.
    /// </summary>
    private async Task TryConfirmAsync(ValidatedBatch batch, IndicatorCatalog indicators, AuditActor actor, string auditId)
    {
        if (batch.Rows is not { } rows) return;
        var confirmed = batch.Observations.Select((o, i) => (Figure: o, Reason: rows[i].Confirmed?.Trim()))
            .Where(c => !string.IsNullOrEmpty(c.Reason)).Select(c => (c.Figure, c.Reason!)).ToList();
        if (confirmed.Count == 0) return;
        // The flags are read from the figures just stored, not from answers kept from before the batch.
        rankings.Invalidate(confirmed.Select(c => c.Figure.Indicator).Distinct(), indicators);
        try
        {
            await marks.ConfirmAsync(confirmed, actor, auditId);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            log.LogWarning(ex, "Could not mark the confirmed figures of batch {AuditId}", auditId);
        }
    }

    /// <summary>A batch refused before validation (unreadable, too large): counted as rejected and recorded in the audit trail.</summary>
    public async Task<QueryProblem> RefusedAsync(ProblemKind kind, string detail, AuditActor actor, string? contentHash, int received = 0)
    {
        metrics.RecordBatch("rejected");
        await audit.RecordAsync(AuditTrail.Entry(AuditAction.BatchRejected, actor, audit.Now) with
        {
            ContentHash = contentHash,
            Counts = new AuditCounts(received, 0, 0, 0, 1),
            Detail = Shorten(detail, 300),
        });
        return new QueryProblem(kind, detail);
    }

    private async Task TryCompleteAsync(string auditId, AuditAction outcome, AuditCounts counts, string detail)
    {
        try
        {
            await audit.CompleteAsync(auditId, outcome, counts, detail);
        }
        catch (Exception ex)
        {
            // The entry stays "batch-applying": the trail then says the batch was recorded and never confirmed, which is true.
            log.LogWarning(ex, "Could not record the outcome of audit entry {AuditId}", auditId);
        }
    }

    /// <summary>
    /// Why the batch would take a writer key past its daily quota (<see cref="IKeyQuotaGrain"/>), or null when it fits
    /// (then it is counted). Bytes are what the figures add to storage at most; new series are province × indicator
    /// pairs no one has sent before. Admin keys, and requests without a key (tests' in-process callers), have no quota.
    /// </summary>
    private async Task<string?> QuotaRefusalAsync(IReadOnlyList<Observation> observations, AuditActor actor)
    {
        if (actor.KeyId is not { } key || actor.Role is not KeyRole.Writer) return null;
        var bytes = observations.Sum(o => QuotaBytes(o));
        var newSeries = await grains.GetGrain<ICoverageGrain>(ICoverageGrain.Key).CountNewAsync([.. observations.Select(o => (o.Province, o.Indicator)).Distinct()]);
        var decision = await grains.GetGrain<IKeyQuotaGrain>(key).ReserveAsync(DateOnly.FromDateTime(audit.Now.UtcDateTime), bytes, newSeries, quotas.Limits);
        return decision.Allowed ? null : decision.Refusal;
    }

    /// <summary>What one figure adds to storage at most: its texts in UTF-8 and a fixed allowance for the rest.</summary>
    private static long QuotaBytes(Observation o) =>
        64 + System.Text.Encoding.UTF8.GetByteCount(o.Unit ?? "") + System.Text.Encoding.UTF8.GetByteCount(o.Source ?? "")
        + System.Text.Encoding.UTF8.GetByteCount(o.Quote ?? "");

    /// <summary><paramref name="call"/>, or <see cref="SiloUnavailableException"/> as soon as <paramref name="lost"/> completes.</summary>
    private static async Task<T> Watched<T>(Task<T> call, Task lost)
    {
        if (await Task.WhenAny(call, lost) == call) return await call;
        _ = call.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        throw new SiloUnavailableException("The gateway this request was sent through was lost.");
    }

    private static async Task Watched(Task call, Task lost) => await Watched(call.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), lost);

    private async Task TryClearAsync(IBatchJournalGrain journal)
    {
        try
        {
            await journal.ClearAsync();
        }
        catch (Exception ex)
        {
            // The outcome is recorded; a journal left behind is only storage (recovery looks at unfinished entries only).
            log.LogWarning(ex, "Could not clear the journal of a finished batch");
        }
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    /// <summary>The body as it is read, with its SHA-256 computed on the way; <see cref="FinishAsync"/> reads what the reader left and answers the hash.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public async Task<string?> FinishAsync(CancellationToken ct)
        {
            try
            {
                var buffer = new byte[16 * 1024];
                while (await ReadAsync(buffer, ct) > 0) { }
                return Convert.ToHexString(_hash.GetHashAndReset()).ToLowerInvariant();
            }
            catch (Exception ex) when (ex is IOException or BadHttpRequestException)
            {
                return null; // the rest of the body could not be read (too large, cut off): no hash of a part of it
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            _hash.AppendData(buffer, offset, n);
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            _hash.AppendData(buffer.Span[..n]);
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
