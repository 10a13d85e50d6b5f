using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>Shared helpers: locating folders, creating hosts, running programs.</summary>
internal static class Harness
{
    /// <summary>The compile cache the tests use (never the user's): <c>$FLUENTAI_CACHE</c> or a temp folder.</summary>
    public static string CacheDirectory { get; } =
        Environment.GetEnvironmentVariable("FLUENTAI_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "fai-cache-tests");

    /// <summary>The folder holding FluentAI.Plugins.sln, found by walking up from the test assembly.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The golden-file cases as copied to the output folder.</summary>
    public static string CasesDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Cases");

    /// <summary>
    /// A host without a load budget: these programs run as `fluentai run` runs a program, and some of them (a
    /// recursion ten million calls deep) take longer than the 10 s default on a loaded machine.
    /// </summary>
    public static PluginHost CreateHost(string folder) =>
        PluginHost.Create(folder, new PluginHostOptions { CacheDirectory = CacheDirectory, LoadBudget = Timeout.InfiniteTimeSpan });

    /// <summary>
    /// Loads <paramref name="file"/> in a fresh host over its folder and prints its last top-level value,
    /// watched for deadlocks as <c>fluentai run</c> watches a program.
    /// </summary>
    public static string RunFile(string file)
    {
        using var host = CreateHost(Path.GetDirectoryName(file)!);
        using (Runtime.Deadlocks.Watch())
        {
            return Printer.Print(host.Load(file).Result);
        }
    }

    /// <summary>Writes <paramref name="source"/> to a fresh temp folder as <paramref name="name"/> and returns its full path.</summary>
    public static string WriteTemp(string source, string name = "main.ai")
    {
        var dir = Path.Combine(Path.GetTempPath(), "fai-compiler-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, source);
        return path;
    }

    /// <summary>Runs <paramref name="source"/> as a module in a temp folder and prints its last value.</summary>
    public static string Run(string source) => RunFile(WriteTemp(source));

    /// <summary>The C# the compiler generates for <paramref name="source"/> as a module in a temp folder.</summary>
    public static string EmitCSharp(string source)
    {
        var file = WriteTemp(source);
        using var host = CreateHost(Path.GetDirectoryName(file)!);
        var result = host.CompileFile(file, emitAssembly: false);
        Assert.Empty(result.Diagnostics);
        return Assert.IsType<string>(result.CSharp);
    }

    /// <summary>Loads <paramref name="source"/> expecting a runtime error, and returns it.</summary>
    public static FluentAIException RunExpectingError(string source, out string file)
    {
        file = WriteTemp(source);
        using var host = CreateHost(Path.GetDirectoryName(file)!);
        var path = file;
        return Assert.Throws<ModuleLoadException>(() => host.Load(path)).Error!;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FluentAI.Plugins.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FluentAI.Plugins.sln not found above " + AppContext.BaseDirectory);
    }
}
