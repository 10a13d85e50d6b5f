using System.Reflection;
using System.Runtime.Loader;

namespace FluentAI.Plugins.PublicApi.Tests.Samples;

/// <summary>
/// Runs a compiled sample the way <c>dotnet run</c> would, but inside this process: in a collectible
/// load context, with the current directory set to a working folder, Console.Out and Console.Error
/// captured and no synchronization context. The directory and Console are process-wide, so callers
/// must not run samples in parallel (the project disables test parallelization); both are restored.
/// </summary>
internal static class SampleRunner
{
    public static SampleRun Run(string name, byte[] image, string workingDirectory)
    {
        var context = new AssemblyLoadContext("sample " + name, isCollectible: true);
        var output = new StringWriter();
        var error = new StringWriter();
        var directory = Environment.CurrentDirectory;
        var (stdout, stderr) = (Console.Out, Console.Error);
        var synchronization = SynchronizationContext.Current;
        Exception? failure = null;
        try
        {
            var entry = context.LoadFromStream(new MemoryStream(image)).EntryPoint
                ?? throw new InvalidOperationException(name + " has no entry point");
            Environment.CurrentDirectory = workingDirectory;
            Console.SetOut(output);
            Console.SetError(error);
            SynchronizationContext.SetSynchronizationContext(null);
            entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            failure = e.InnerException;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(synchronization);
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Environment.CurrentDirectory = directory;
            context.Unload();
        }

        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n');
        return new SampleRun(lines[^1].Length == 0 ? lines[..^1] : lines, error.ToString(), failure);
    }
}
