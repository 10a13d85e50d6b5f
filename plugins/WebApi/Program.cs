// An ASP.NET Core web API whose request handler is a FluentAI module (handlers/handlers.ai).
// Run:  dotnet run --project plugins/WebApi -- --urls http://127.0.0.1:5080 --watch
// Then: curl 127.0.0.1:5080/users   curl 127.0.0.1:5080/admin/status   curl 127.0.0.1:5080/metrics
using WebApi;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(WebApiApp.Usage);
    return 0;
}

try
{
    WebApiApp.Build(args).Run();
    return 0;
}
catch (FluentAI.Plugins.Loader.ModuleLoadException e)
{
    // handlers.ai does not load: its located diagnostics, and nothing started.
    Console.Error.WriteLine(e.Message);
    return 1;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
