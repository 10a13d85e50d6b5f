using BenchmarkDotNet.Attributes;
using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>
/// Reload latency of a 100-function module imported by 3 modules, warm (Roslyn warmed up, the
/// dependents' images in the cache): from <c>host.Reload</c> until a dependent returns a value
/// computed from the new code. The base module gets a new constant before every reload.
/// </summary>
[Config(typeof(MacroConfig))]
public class Reload
{
    /// <summary>How many modules import the reloaded one.</summary>
    public const int Dependents = 3;

    private const string Base = "base.ai";
    private ModuleFolder _folder = null!;
    private PluginHost _host = null!;
    private Slot[] _g = null!;
    private long _constant;

    /// <summary>The constant the base module was last written with.</summary>
    public long Constant => _constant;

    /// <summary>The outcome of the last reload.</summary>
    public ReloadResult? LastResult { get; private set; }

    /// <summary>How many warm-up runs the global setup makes (tests lower it).</summary>
    public int WarmUp { get; set; } = 30;

    /// <summary>Loads the modules and reloads a few dozen times to warm up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = new ModuleFolder("reload");
        _constant = Random.Shared.Next(1, 1_000_000) * 1000L;
        _folder.Write(Base, Sources.Module100(_constant));
        for (var i = 1; i <= Dependents; i++)
        {
            _folder.Write($"dep{i}.ai", Sources.Dependent(i));
        }

        _host = _folder.CreateHost();
        _g = new Slot[Dependents];
        for (var i = 1; i <= Dependents; i++)
        {
            _host.Load($"dep{i}.ai");
            _g[i - 1] = _host.GetSlot($"dep{i}.ai", "g");
        }

        for (var i = 0; i < WarmUp; i++)
        {
            ChangeBase();
            ReloadBase();
        }
    }

    /// <summary>Unloads everything.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _host.Dispose();
        _folder.Dispose();
    }

    /// <summary>Rewrites the base module with a new constant (not measured).</summary>
    [IterationSetup]
    public void ChangeBase() => _folder.Write(Base, Sources.Module100(++_constant));

    /// <summary>Reloads the base module (and so its 3 dependents); returns the sum of the dependents' <c>(g)</c>.</summary>
    [Benchmark]
    public long ReloadBase()
    {
        var result = _host.Reload(Base);
        LastResult = result;
        if (!result.Ok)
        {
            throw new InvalidOperationException(result.ToString(), result.Error);
        }

        long sum = 0;
        foreach (var g in _g)
        {
            sum += (long)g.Invoke()!;
        }

        return sum;
    }
}
