using Analytics.Silo;
using Analytics.Silo.Storage;

// `--apply-schema` prepares the database and exits (see docs/cluster.md).
if (args.Contains(ApplySchemaCommand.Flag)) return await ApplySchemaCommand.RunAsync(args);
// `train --input F --output G`: the training process a silo starts (ProcessForecastTrainer), not a silo.
if (TrainCommand.Asked(args)) return TrainCommand.Run(args);

// The silo process. All wiring is in SiloHost so tests start the very same silo.
try
{
    var app = await SiloHost.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (DamagedRow(ex) is { } damaged)
{
    // A grain's row could not be read: the message names the grain and the way to start without it.
    Console.Error.WriteLine(damaged);
    return 1;
}
catch (DatabaseUnusableException ex)
{
    // The operator needs the file and the remedy, not a stack trace.
    Console.Error.WriteLine(ex.Message);
    return 1;
}

static string? DamagedRow(Exception? e)
{
    for (; e is not null; e = e.InnerException)
        if (e.Message.Contains(DamagedStateStorage.Setting, StringComparison.Ordinal)) return e.Message;
    return null;
}
