using Analytics.Silo;

// The silo process. All wiring is in SiloHost so tests start the very same silo.
var app = await SiloHost.BuildAsync(args);
await app.RunAsync();
