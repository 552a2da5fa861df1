using System.Data.Common;
using System.Runtime.CompilerServices;
using Analytics.Audit;
using Orleans.Storage;

namespace Analytics.Silo.Storage;

/// <summary>
/// A grain's row that the database returns whole but that does not deserialize (random bytes in a file that passes
/// SQLite's checks) is named: which grain, which state, and how to start without it. Started with
/// <see cref="Setting"/>, such a grain starts from empty state instead; its next write replaces the damaged row, the
/// silo logs it and the audit trail records it. For the catalog that means the bundled definitions are loaded again
/// (the bundle is not recorded in an empty catalog) and the indicators found in series are defined as placeholders.
/// </summary>
public sealed class DamagedStateStorage(IGrainStorage inner, IServiceProvider services, ILogger<DamagedStateStorage> log) : IGrainStorage
{
    public const string Setting = "ANALYTICS_START_WITHOUT_DAMAGED_STATE";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await inner.ReadStateAsync(stateName, grainId, grainState);
        }
        catch (Exception ex) when (ex is not (DbException or TimeoutException or OperationCanceledException))
        {
            var message = $"The stored state '{stateName}' of grain {grainId} cannot be read: the row is damaged ({ex.GetBaseException().Message.Split('\n', 2)[0]}). " +
                          $"To start without it, start the silo once with {Setting}=true: that grain starts empty (a catalog is rebuilt from the " +
                          "bundled definitions and the indicators found in series), the damaged row is replaced at its next write, and the audit trail records it. " +
                          "Or restore a backup (./analytics backup).";
            log.LogError("{Message}", message);
            throw new OrleansException(message);
        }
        if (grainState.State is { } state && TolerantSerializer.WasDamaged(state, out var reason))
        {
            log.LogError("The stored state '{State}' of grain {Grain} was damaged ({Reason}); it starts empty ({Setting})", stateName, grainId, reason, Setting);
            await RecordAsync($"the stored state '{stateName}' of grain {grainId} was damaged ({reason}) and started empty ({Setting})");
        }
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    private async Task RecordAsync(string detail)
    {
        try
        {
            var grains = services.GetRequiredService<IGrainFactory>();
            var now = DateTimeOffset.UtcNow;
            var entry = new AuditEntry("", now, AuditAction.DamagedStateReplaced, new AuditActor(null, "silo", null, null), null, null, [], [], [], detail, false);
            for (var chunk = 0; chunk < 1_000; chunk++)
                if (await grains.GetGrain<IAuditLogGrain>(AuditIds.Chunk(DateOnly.FromDateTime(now.UtcDateTime), chunk)).AppendAsync(entry) is not null) return;
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Could not record the damaged state in the audit trail");
        }
    }
}

/// <summary>
/// Orleans' storage serializer that, when told to, answers a fresh state for bytes it cannot read, and remembers
/// which state objects it made that way (<see cref="WasDamaged"/>) so the storage can say which grain it was.
/// </summary>
public sealed class TolerantSerializer(IGrainStorageSerializer inner, bool startEmpty) : IGrainStorageSerializer
{
    private static readonly ConditionalWeakTable<object, string> Damaged = new();

    public static bool WasDamaged(object state, out string reason)
    {
        var found = Damaged.TryGetValue(state, out var r);
        reason = r ?? "";
        return found;
    }

    public BinaryData Serialize<T>(T? input) => inner.Serialize(input);

    public T? Deserialize<T>(BinaryData input)
    {
        try
        {
            return inner.Deserialize<T>(input);
        }
        catch (Exception ex) when (startEmpty)
        {
            // Grain states are classes with a parameterless constructor, so this is never null.
            var fresh = Activator.CreateInstance<T>();
            Damaged.AddOrUpdate(fresh!, ex.GetBaseException().Message.Split('\n', 2)[0]);
            return fresh;
        }
    }
}
