using Analytics.Silo;
using Analytics.Silo.Storage;

// `--apply-schema` prepares the database and exits (see deploy/postgres/README.md).
if (args.Contains(ApplySchemaCommand.Flag)) return await ApplySchemaCommand.RunAsync(args);

// The silo process. All wiring is in SiloHost so tests start the very same silo.
try
{
    var app = await SiloHost.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (DatabaseUnusableException ex)
{
    // The operator needs the file and the remedy, not a stack trace.
    Console.Error.WriteLine(ex.Message);
    return 1;
}
