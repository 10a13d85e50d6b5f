// A module version rolled out across host processes with Orleans as the control plane (docs/fleet.md).
// Usage: dotnet run --project plugins/Fleet -- demo [--hosts 3 --audit-dir DIR --base-port 21111]
//        dotnet run --project plugins/Fleet -- host --index I [--id NAME --dir DIR --audit FILE --base-port 21111 --poll-ms 1000]
//        dotnet run --project plugins/Fleet -- rollout ... (start|weight|promote|abort|status)
using Fleet;

var command = args.Length > 0 ? args[0] : "";
var rest = new Args(args.Skip(1));
return command switch
{
    "demo" => await DemoCommand.RunAsync(rest),
    "host" => await HostCommand.RunAsync(rest),
    "rollout" => await RolloutCommand.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Fleet demo [--hosts 3 --audit-dir DIR --base-port 21111] | host --index I [--id NAME --dir DIR --audit FILE] | " + RolloutCommand.Usage);
    return 2;
}
