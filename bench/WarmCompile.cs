using BenchmarkDotNet.Attributes;
using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>
/// A warm compile of a 100-function module: read + bind + emit C# + Roslyn (compile only), and
/// the same followed by loading it into a new collectible context and calling it (compile + load).
/// A constant changes every time, so the content-hash cache never hits.
/// </summary>
[Config(typeof(MacroConfig))]
public class WarmCompile
{
    private const string File = "base.ai";
    private ModuleFolder _folder = null!;
    private PluginHost? _host;
    private string _path = null!;
    private long _constant;
    private string _generated = null!;

    /// <summary>The constant of the module compiled or loaded last.</summary>
    public long LastConstant => _constant;

    /// <summary>How many warm-up runs the global setup makes (tests lower it).</summary>
    public int WarmUp { get; set; } = 400;

    /// <summary>Warms the shared Roslyn environment up with a few dozen compiles.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = new ModuleFolder("compile");
        _path = Path.Combine(_folder.Root, File);

        // A per-process start keeps the source unique across runs too.
        _constant = Random.Shared.Next(1, 1_000_000) * 1000L;
        _generated = PluginHost.Compiler.Compile(ParsedModule.Parse(Sources.Module100(_constant), _path), null, new CompileOptions { EmitAssembly = false }).CSharp!;
        for (var i = 0; i < WarmUp; i++)
        {
            CompileOnly();
            RoslynOnPlainCSharp();
        }
    }

    /// <summary>Deletes the folder.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _host?.Dispose();
        _folder.Dispose();
    }

    /// <summary>Compile only: <c>PluginHost.Compiler.Compile(ParsedModule.Parse(text, path))</c>; returns the image size.</summary>
    [Benchmark]
    public int CompileOnly()
    {
        var text = Sources.Module100(++_constant);
        var result = PluginHost.Compiler.Compile(ParsedModule.Parse(text, _path));
        return result.Image?.Length ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }

    /// <summary>Roslyn alone on the C# FluentAI generates for the module (no cache in Roslyn, so the same text each time).</summary>
    [Benchmark]
    public int RoslynOnGeneratedCSharp() => RoslynReference.Compile("generated" + ++_constant, _generated);

    /// <summary>Roslyn alone on 100 plain C# static methods of the same logic (the shape of the design's probe).</summary>
    [Benchmark]
    public int RoslynOnPlainCSharp() => RoslynReference.Compile("plain" + ++_constant, RoslynReference.Plain100(_constant));

    /// <summary>Writes the module with a new constant and makes a new host (not measured).</summary>
    [IterationSetup(Target = nameof(CompileAndLoad))]
    public void NewModule()
    {
        _folder.Write(File, Sources.Module100(++_constant));
        _host = _folder.CreateHost();
    }

    /// <summary>Unloads the module loaded by the iteration (not measured).</summary>
    [IterationCleanup(Target = nameof(CompileAndLoad))]
    public void UnloadModule()
    {
        _host?.Dispose();
        _host = null;
    }

    /// <summary>
    /// Compile + load: <c>host.Load</c> of the file (read, compile, cache, load into a new
    /// collectible context, run top-level forms, publish slots), then one call of <c>(version)</c>.
    /// </summary>
    [Benchmark]
    public object? CompileAndLoad()
    {
        _host!.Load(File);
        return _host.GetSlot(File, "version").Invoke();
    }
}
