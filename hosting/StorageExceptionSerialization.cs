using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Analytics.Hosting;

/// <summary>
/// Orleans carries an exception from a silo to its caller only if its type's namespace is on a list (System,
/// Microsoft, Orleans, ...). A PostgreSQL error in a grain's storage write (a lost connection, the server out of
/// connections) would otherwise reach the API as "CodecNotFoundException: Npgsql.PostgresException", and the API
/// could not tell a storage outage (503, retry) from a bug. Silo and client both need it.
/// </summary>
public static class StorageExceptionSerialization
{
    public static IServiceCollection AddNpgsqlExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
}
